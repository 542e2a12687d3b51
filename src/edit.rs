//! Changes the tool makes to meeting files, keeping the person's layout.
//!
//! Edits go through `toml_edit`, so comments, key order and spacing that a
//! person wrote survive. Each edit is a function from the old text to the new
//! one; [`update`] checks, just before the file is replaced, that it still
//! holds the text the edit was made on, so that a change made meanwhile (an
//! editor saving) is never overwritten, and then makes the edit again on the
//! new text: the change lands, and the editor's stays.
//! The archive lock (`lock`), which the caller holds, keeps other minutes
//! commands out; editors do not know it, hence the check.

use std::path::Path;

use chrono::NaiveDate;
use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, value};

use crate::archive::{self, Record};
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::fsio;
use crate::id;
use crate::meeting::SCHEMA_VERSION;

/// How long [`update`] goes on making its edit again on a file that keeps
/// changing under it before it gives up. Time, not a count of attempts: on
/// a busy machine one attempt may outlast the pause between two saves
/// many times before it fits.
const PATIENCE: std::time::Duration = std::time::Duration::from_secs(10);

/// An item to put on an agenda.
#[derive(Debug, Default)]
pub struct NewItem {
    pub id: String,
    pub title: String,
    pub tags: Vec<String>,
    pub presenter: Option<String>,
    pub timebox: Option<u32>,
}

/// A person a new meeting expects, with the role and affiliation the
/// roster gives them today.
#[derive(Debug, Default)]
pub struct Expected {
    pub who: String,
    pub role: Option<String>,
    pub affiliation: Option<String>,
}

/// What a new meeting file starts with.
pub struct Draft<'a> {
    pub heading: &'a str,
    pub date: NaiveDate,
    /// Written only when the archive has more than one series.
    pub series: Option<&'a str>,
    /// When the roster has roles: the rich form of `present`, one
    /// `[[attendees]]` per person, for the scribe to strike out.
    pub attendees: Vec<Expected>,
    pub items: Vec<NewItem>,
    /// Actions still open, as `<meeting>#<action>`, with their task.
    pub open_actions: Vec<(String, String)>,
}

/// The text of a new meeting file at status `agenda`.
pub fn draft(draft: &Draft<'_>) -> String {
    let mut doc = DocumentMut::new();
    doc["schema"] = value(i64::from(SCHEMA_VERSION));
    // A draft is made for a meeting id's date, whose year has four digits.
    doc["date"] = value(toml_date(draft.date).expect("a meeting id's date"));
    if let Some(series) = draft.series {
        doc["series"] = value(series);
    }
    doc["status"] = value("agenda");
    doc["chair"] = value("");
    doc["scribe"] = value("");
    if draft.attendees.is_empty() {
        doc["present"] = value(Array::new());
    }
    doc["regrets"] = value(Array::new());
    if let Some((mut key, _)) = doc.as_table_mut().get_key_value_mut("schema") {
        key.leaf_decor_mut()
            .set_prefix(format!("# {}\n", draft.heading));
    }
    let mut attendees = ArrayOfTables::new();
    for (n, person) in draft.attendees.iter().enumerate() {
        let mut table = Table::new();
        table["who"] = value(person.who.as_str());
        if let Some(role) = &person.role {
            table["role"] = value(role.as_str());
        }
        if let Some(affiliation) = &person.affiliation {
            table["affiliation"] = value(affiliation.as_str());
        }
        if n == 0 {
            table.decor_mut().set_prefix(
                "\n# Who came: strike out whoever did not (or move them to regrets);\n\
                 # add a guest as [[attendees]] with name = \"...\", role and affiliation.\n",
            );
        }
        attendees.push(table);
    }
    if !attendees.is_empty() {
        doc["attendees"] = Item::ArrayOfTables(attendees);
    }
    let mut items = ArrayOfTables::new();
    for item in &draft.items {
        items.push(item_table(item));
    }
    if !items.is_empty() {
        doc["items"] = Item::ArrayOfTables(items);
    }
    let mut updates = ArrayOfTables::new();
    for (action, task) in &draft.open_actions {
        let mut table = Table::new();
        table["action"] = value(action.as_str());
        table["status"] = value("open");
        table["note"] = value("");
        table
            .decor_mut()
            .set_prefix(format!("\n# {}\n", one_line(task)));
        updates.push(table);
    }
    if !updates.is_empty() {
        doc["updates"] = Item::ArrayOfTables(updates);
    }
    doc.to_string()
}

/// Appends an item after the last `[[items]]` entry (and its sub-tables).
pub fn add_item(file: &Path, text: &str, item: &NewItem) -> Result<String> {
    let mut doc = parse(file, text)?;
    let after = doc
        .get("items")
        .and_then(Item::as_array_of_tables)
        .and_then(|items| {
            let mut last = None;
            if let Some(table) = items.iter().last() {
                visit(table, &mut |t| last = last.max(t.position()));
            }
            last
        });
    let mut table = item_table(item);
    if let Some(position) = after {
        visit_mut(doc.as_table_mut(), &mut |t| {
            if let Some(p) = t.position().filter(|p| *p > position) {
                t.set_position(Some(p + 1));
            }
        });
        table.set_position(Some(position + 1));
    }
    match doc.get_mut("items") {
        None => {
            let mut items = ArrayOfTables::new();
            items.push(table);
            doc["items"] = Item::ArrayOfTables(items);
        }
        Some(Item::ArrayOfTables(items)) => items.push(table),
        Some(_) => {
            return Err(Error::failed(format!(
                "`items` in {} is not an array of tables",
                file.display()
            ))
            .with_help("write each item as a [[items]] table"));
        }
    }
    Ok(doc.to_string())
}

/// Changes a meeting: `change` makes the new text (and says what it did)
/// from the meeting as `load` reads it, and the file is replaced provided
/// no one wrote it meanwhile. When someone did, the meeting is read again
/// and `change` made again on what they wrote, so that both changes stay.
pub fn update<T>(
    root: &Path,
    load: impl Fn() -> Result<Record>,
    change: impl FnMut(&Record) -> Result<(String, T)>,
) -> Result<T> {
    update_within(PATIENCE, root, load, change)
}

fn update_within<T>(
    patience: std::time::Duration,
    root: &Path,
    load: impl Fn() -> Result<Record>,
    mut change: impl FnMut(&Record) -> Result<(String, T)>,
) -> Result<T> {
    let mut pause = std::time::Duration::from_millis(1);
    let started = std::time::Instant::now();
    let file = loop {
        let record = load()?;
        let (text, done) = change(&record)?;
        let path = root.join(&record.file);
        if fsio::replace_if_unchanged(&path, &record.file, record.text.as_bytes(), text.as_bytes())?
        {
            return Ok(done);
        }
        if started.elapsed() > patience {
            break record.file;
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(std::time::Duration::from_millis(50));
    };
    Err(Error::failed(format!(
        "{} kept changing while minutes was changing it (is an editor saving it over and over?), so nothing was written",
        file.display()
    ))
    .with_help("run the command again once the file is saved"))
}

/// An item that `agenda add` puts on a meeting.
#[derive(Debug, Default)]
pub struct AgendaItem {
    pub title: String,
    /// The id asked for; derived from the title when `None`.
    pub id: Option<String>,
    pub tags: Vec<String>,
    pub presenter: Option<String>,
    pub timebox: Option<u32>,
}

/// The text of `record` with `item` after its last item, and the item's
/// id: the one asked for, or one derived from the title that no item of
/// the meeting has yet. The result must still read as a meeting.
pub fn add_agenda_item(record: &Record, item: &AgendaItem) -> Result<(String, String)> {
    let id = &record.id;
    let taken: Vec<&str> = record.meeting.items.iter().map(|i| i.id.as_str()).collect();
    // An id asked for is a slug already (the command line sees to it).
    let item_id = match &item.id {
        Some(wanted) if taken.contains(&wanted.as_str()) => {
            return Err(
                Error::usage(format!("meeting {id} has an item `{wanted}` already"))
                    .with_help("choose another --id"),
            );
        }
        Some(wanted) => wanted.clone(),
        None => id::free(&id::slug(&item.title), |id| taken.contains(&id)),
    };
    let new = NewItem {
        id: item_id.clone(),
        title: item.title.clone(),
        tags: item
            .tags
            .iter()
            .map(|t| t.trim().to_lowercase())
            .filter(|t| !t.is_empty())
            .collect(),
        presenter: item.presenter.clone(),
        timebox: item.timebox,
    };
    let text = add_item(&record.file, &record.text, &new)?;
    archive::parse_record(id.clone(), record.file.clone(), text.clone()).map_err(Error::Invalid)?;
    Ok((text, item_id))
}

/// Sets the meeting's `date`, keeping everything else as it is.
pub fn set_date(file: &Path, text: &str, date: NaiveDate) -> Result<String> {
    let mut doc = parse(file, text)?;
    let date = toml_date(date)?;
    match doc.get_mut("date").and_then(Item::as_value_mut) {
        Some(old) => {
            let decor = old.decor().clone();
            *old = toml_edit::Value::from(date);
            *old.decor_mut() = decor;
        }
        None => doc["date"] = value(date),
    }
    Ok(doc.to_string())
}

/// Marks the meeting published on `date`: `status = "published"` and
/// `[publication] date`; for a correction of a published meeting, the
/// first date stays and `[publication] updated` says when it was
/// corrected. Comments and layout stay as they are.
pub fn set_published(file: &Path, text: &str, date: NaiveDate, correction: bool) -> Result<String> {
    let mut doc = parse(file, text)?;
    let set = |table: &mut Table, key: &str, new: toml_edit::Value| match table
        .get_mut(key)
        .and_then(Item::as_value_mut)
    {
        Some(old) => {
            let decor = old.decor().clone();
            *old = new;
            *old.decor_mut() = decor;
        }
        None => table[key] = Item::Value(new),
    };
    set(doc.as_table_mut(), "status", "published".into());
    if !doc.contains_table("publication") {
        let mut table = Table::new();
        table.decor_mut().set_prefix(
            "
",
        );
        doc["publication"] = Item::Table(table);
    }
    let Some(publication) = doc["publication"].as_table_mut() else {
        return Err(Error::Invalid(vec![Diagnostic::file(
            file,
            "`publication` is not a table".to_string(),
        )]));
    };
    let key = if correction { "updated" } else { "date" };
    set(publication, key, toml_date(date)?.into());
    Ok(doc.to_string())
}

/// Points `updates.action` references to actions of meeting `old` at
/// meeting `new`; `None` when the text names none.
pub fn rename_action_refs(file: &Path, text: &str, old: &str, new: &str) -> Result<Option<String>> {
    let mut doc = parse(file, text)?;
    let prefix = format!("{old}#");
    let mut changed = false;
    if let Some(updates) = doc
        .get_mut("updates")
        .and_then(Item::as_array_of_tables_mut)
    {
        for update in updates.iter_mut() {
            let Some(action) = update.get_mut("action").and_then(Item::as_value_mut) else {
                continue;
            };
            let Some(rest) = action.as_str().and_then(|a| a.strip_prefix(&prefix)) else {
                continue;
            };
            let decor = action.decor().clone();
            *action = toml_edit::Value::from(format!("{new}#{rest}"));
            *action.decor_mut() = decor;
            changed = true;
        }
    }
    Ok(changed.then(|| doc.to_string()))
}

fn parse(file: &Path, text: &str) -> Result<DocumentMut> {
    text.parse::<DocumentMut>().map_err(|e| {
        let d = match e.span() {
            Some(span) => Diagnostic::at(file, text, span, e.message().trim().to_string()),
            None => Diagnostic::file(file, e.message().trim().to_string()),
        };
        Error::Invalid(vec![d])
    })
}

fn item_table(item: &NewItem) -> Table {
    let mut table = Table::new();
    table["id"] = value(item.id.as_str());
    table["title"] = value(item.title.as_str());
    if !item.tags.is_empty() {
        table["tags"] = value(item.tags.iter().map(String::as_str).collect::<Array>());
    }
    if let Some(presenter) = &item.presenter {
        table["presenter"] = value(presenter.as_str());
    }
    if let Some(timebox) = item.timebox {
        table["timebox"] = value(i64::from(timebox));
    }
    table["notes"] = value("");
    table.decor_mut().set_prefix("\n");
    table
}

/// The date as TOML writes it: a date a meeting id can name (years 0000
/// to 9999), or the error that says it cannot be written.
fn toml_date(date: NaiveDate) -> Result<toml_edit::Datetime> {
    let date = crate::id::nameable(date)?;
    Ok(date
        .format("%Y-%m-%d")
        .to_string()
        .parse()
        .expect("YYYY-MM-DD with a four-digit year is a TOML date"))
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn visit(table: &Table, f: &mut impl FnMut(&Table)) {
    f(table);
    for (_, item) in table.iter() {
        match item {
            Item::Table(t) => visit(t, f),
            Item::ArrayOfTables(a) => a.iter().for_each(|t| visit(t, f)),
            _ => {}
        }
    }
}

fn visit_mut(table: &mut Table, f: &mut impl FnMut(&mut Table)) {
    f(table);
    for (_, item) in table.iter_mut() {
        match item {
            Item::Table(t) => visit_mut(t, f),
            Item::ArrayOfTables(a) => a.iter_mut().for_each(|t| visit_mut(t, f)),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_date_and_new_references_keep_comments() {
        let text = "schema = 1\ndate = 2025-03-11 # moved?\nstatus = \"agenda\"\n\n[[updates]]\naction = \"2025-03-04#a1\" # the figures\nstatus = \"open\"\n";
        let date = NaiveDate::from_ymd_opt(2025, 3, 12).unwrap();
        let out = set_date(Path::new("m.toml"), text, date).unwrap();
        assert_eq!(out, text.replace("2025-03-11", "2025-03-12"));
        let out = rename_action_refs(Path::new("m.toml"), text, "2025-03-04", "2025-03-05")
            .unwrap()
            .unwrap();
        assert_eq!(out, text.replace("2025-03-04#a1", "2025-03-05#a1"));
        assert!(
            rename_action_refs(Path::new("m.toml"), text, "2025-01-01", "x")
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn an_update_gives_up_on_a_file_that_keeps_changing_and_writes_nothing() {
        // What is read never matches the file when it is replaced, as with
        // a program saving it over and over; the binary cannot be made to
        // lose that race every time, so the rule is tested here.
        let dir = tempfile::tempdir().unwrap();
        let file = Path::new("meetings/2025/2025-03-11.toml");
        let on_disk = "schema = 1\ndate = 2025-03-11\nstatus = \"agenda\"\n# saved 7\n";
        std::fs::create_dir_all(dir.path().join("meetings/2025")).unwrap();
        std::fs::write(dir.path().join(file), on_disk).unwrap();
        let id = crate::id::MeetingId::parse("2025-03-11").unwrap();
        let load = || {
            let text = on_disk.replace("saved 7", "saved 6");
            archive::parse_record(id.clone(), file.to_path_buf(), text).map_err(Error::Invalid)
        };
        let item = AgendaItem {
            title: "Budget".into(),
            ..AgendaItem::default()
        };
        let patience = std::time::Duration::from_millis(200);
        let error = update_within(patience, dir.path(), load, |record| {
            add_agenda_item(record, &item)
        })
        .unwrap_err();
        let Error::Failed { message, help } = error else {
            panic!("{error:?}");
        };
        assert_eq!(
            message,
            "meetings/2025/2025-03-11.toml kept changing while minutes was changing it (is an editor saving it over and over?), so nothing was written"
        );
        assert_eq!(
            help.as_deref(),
            Some("run the command again once the file is saved")
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join(file)).unwrap(),
            on_disk
        );
        let left: Vec<_> = std::fs::read_dir(dir.path().join("meetings/2025"))
            .unwrap()
            .collect();
        assert_eq!(left.len(), 1, "a temporary file was left");
    }

    #[test]
    fn publishing_sets_the_status_and_the_date_and_keeps_comments() {
        let file = Path::new("m.toml");
        let text = "schema = 1\ndate = 2025-03-11\nstatus = \"final\" # reviewed\n\n[[items]]\ntitle = \"A\"\n";
        let day = NaiveDate::from_ymd_opt(2025, 3, 14).unwrap();
        let out = set_published(file, text, day, false).unwrap();
        assert_eq!(
            out,
            "schema = 1\ndate = 2025-03-11\nstatus = \"published\" # reviewed\n\n[[items]]\ntitle = \"A\"\n\n[publication]\ndate = 2025-03-14\n"
        );
        let later = NaiveDate::from_ymd_opt(2025, 4, 1).unwrap();
        let corrected = set_published(file, &out, later, true).unwrap();
        assert!(corrected.ends_with("[publication]\ndate = 2025-03-14\nupdated = 2025-04-01\n"));
    }

    #[test]
    fn an_item_lands_after_the_last_item_and_keeps_comments() {
        let text = "schema = 1 # the format\ndate = 2025-03-11\nstatus = \"agenda\"\n\n# first\n[[items]]\ntitle = \"A\"\n\n[[items.sources]]\ntitle = \"S\"\n\n[[updates]]\naction = \"2025-03-04#a1\"\nstatus = \"open\"\n";
        let item = NewItem {
            id: "b".into(),
            title: "B".into(),
            timebox: Some(10),
            ..NewItem::default()
        };
        let out = add_item(Path::new("m.toml"), text, &item).unwrap();
        assert!(out.starts_with("schema = 1 # the format\n"));
        let b = out.find("title = \"B\"").unwrap();
        assert!(
            out.find("title = \"S\"").unwrap() < b && b < out.find("[[updates]]").unwrap(),
            "{out}"
        );
    }
}
