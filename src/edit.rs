//! Changes the tool makes to meeting files, keeping the person's layout.
//!
//! Edits go through `toml_edit`, so comments, key order and spacing that a
//! person wrote survive; what toml_edit would still change (a byte-order
//! mark, `\r\n` line ends, a file without a final newline, some table
//! headers) is kept by applying only the change to the person's text (see
//! [`keep_bytes`]). Each edit is a function from the old text to the new
//! one; [`update`] checks, just before the file is replaced, that it still
//! holds the text the edit was made on, so that a change made meanwhile (an
//! editor saving) is never overwritten, and then makes the edit again on the
//! new text: the change lands, and the editor's stays.
//! The archive lock (`lock`), which the caller holds, keeps other minutes
//! commands out; editors do not know it, hence the check.

use std::fmt::Write as _;
use std::path::Path;

use chrono::NaiveDate;
use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, value};

use crate::archive::{self, Record};
use crate::config::Config;
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

/// When the roster gives roles, everyone who has one, members first, with
/// the role and affiliation of today: the meeting keeps them as they were.
pub fn expected(config: &Config) -> Vec<Expected> {
    if !config.has_roles() {
        return Vec::new();
    }
    let rank = |role: &str| {
        crate::meeting::ROLES
            .iter()
            .position(|r| r.eq_ignore_ascii_case(role))
            .unwrap_or(1)
    };
    let mut people: Vec<Expected> = config
        .people
        .iter()
        .filter_map(|(handle, p)| {
            Some(Expected {
                who: handle.clone(),
                role: Some(p.role.clone()?),
                affiliation: p.affiliation.clone(),
            })
        })
        .collect();
    people.sort_by_key(|p| rank(p.role.as_deref().unwrap_or_default()));
    people
}

/// The standing items of a series as a new meeting's items; titles that
/// make the same id are numbered.
pub fn standing_items(titles: &[String]) -> Vec<NewItem> {
    let mut taken = std::collections::HashSet::new();
    titles
        .iter()
        .map(|title| {
            let item_id = id::free(&id::slug(title), |id| taken.contains(id));
            taken.insert(item_id.clone());
            NewItem {
                id: item_id,
                title: title.clone(),
                ..NewItem::default()
            }
        })
        .collect()
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
    let before = doc.to_string();
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
    Ok(keep_bytes(text, &before, &doc.to_string()))
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
    let before = doc.to_string();
    let date = toml_date(date)?;
    match doc.get_mut("date").and_then(Item::as_value_mut) {
        Some(old) => {
            let decor = old.decor().clone();
            *old = toml_edit::Value::from(date);
            *old.decor_mut() = decor;
        }
        None => doc["date"] = value(date),
    }
    Ok(keep_bytes(text, &before, &doc.to_string()))
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
///
/// One reference at a time: [`keep_bytes`] places one change, and with two
/// references changed at once, the lines between them would be toml_edit's
/// (which writes some table headers its own way).
pub fn rename_action_refs(file: &Path, text: &str, old: &str, new: &str) -> Result<Option<String>> {
    let prefix = format!("{old}#");
    let mut text = text.to_string();
    let mut changed = false;
    let count = parse(file, &text)?
        .get("updates")
        .and_then(Item::as_array_of_tables)
        .map_or(0, ArrayOfTables::len);
    for n in 0..count {
        let mut doc = parse(file, &text)?;
        let before = doc.to_string();
        let Some(action) = doc
            .get_mut("updates")
            .and_then(Item::as_array_of_tables_mut)
            .and_then(|updates| updates.get_mut(n))
            .and_then(|update| update.get_mut("action"))
            .and_then(Item::as_value_mut)
        else {
            continue;
        };
        let Some(rest) = action.as_str().and_then(|a| a.strip_prefix(&prefix)) else {
            continue;
        };
        let decor = action.decor().clone();
        *action = one_line_string(&format!("{new}#{rest}"));
        *action.decor_mut() = decor;
        text = keep_bytes(&text, &before, &doc.to_string());
        changed = true;
    }
    Ok(changed.then_some(text))
}

/// The text of a file after an edit: `original` with the one change that
/// toml_edit made between `before` (the document as toml_edit writes it,
/// unchanged) and `after` (edited). Everything else stays the person's
/// bytes, where toml_edit would write them its own way: it drops a leading
/// byte-order mark, writes every line end as `\n`, ends the file with one,
/// and rewrites some table headers (`[[items. sources]]`). New line ends
/// follow the file's. The change is placed by line and column, and the
/// result must hold the same data as toml_edit's text; when the change
/// cannot be placed so, toml_edit's text is taken as it is.
fn keep_bytes(original: &str, before: &str, after: &str) -> String {
    let (old, new) = (before.as_bytes(), after.as_bytes());
    let mut start = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    while !(before.is_char_boundary(start) && after.is_char_boundary(start)) {
        start -= 1;
    }
    let room = old.len().min(new.len()) - start;
    let mut tail = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(room)
        .take_while(|(a, b)| a == b)
        .count();
    while !(before.is_char_boundary(old.len() - tail) && after.is_char_boundary(new.len() - tail)) {
        tail -= 1;
    }
    let (mut old_end, mut new_end) = (old.len() - tail, new.len() - tail);
    // An inserted table is a run of whole lines; the longest common start
    // may cut it mid-line (`[[` of the next header): slide it back.
    while start == old_end
        && start > 0
        && old[start - 1] != b'\n'
        && old[start - 1] == new[new_end - 1]
    {
        start -= 1;
        old_end -= 1;
        new_end -= 1;
    }
    let (Some((from, added)), Some((to, _))) = (
        locate(original, before, start),
        locate(original, before, old_end),
    ) else {
        return after.to_string();
    };
    let mut inserted = format!("{added}{}", &after[start..new_end]);
    let crlf = original
        .find('\n')
        .is_some_and(|end| original[..end].ends_with('\r'));
    if crlf {
        inserted = inserted.replace("\r\n", "\n").replace('\n', "\r\n");
    }
    let kept = format!("{}{inserted}{}", &original[..from], &original[to..]);
    let data = |text: &str| toml::from_str::<toml::Value>(text).ok();
    match (data(&kept), data(after)) {
        (Some(kept_data), Some(after_data)) if same_data(&kept_data, &after_data) => kept,
        _ => after.to_string(),
    }
}

/// Whether two documents hold the same data. Not `==`: a float that is
/// not a number (`nan`) equals nothing, not even itself, and a file with
/// one would have been written toml_edit's way.
pub fn same_data(a: &toml::Value, b: &toml::Value) -> bool {
    use toml::Value;
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => x == y || (x.is_nan() && y.is_nan()),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_data(x, y))
        }
        (Value::Table(x), Value::Table(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(key, x)| y.get(key).is_some_and(|y| same_data(x, y)))
        }
        _ => a == b,
    }
}

/// Where byte `offset` of `written` (the document as toml_edit writes it)
/// falls in `original`: on the same line, at the same place in it, the
/// line read without a byte-order mark or `\r`; and the newlines that
/// toml_edit added at the end of the file before that offset, which the
/// original lacks. `None` when the line differs before that place.
fn locate<'a>(original: &str, written: &'a str, offset: usize) -> Option<(usize, &'a str)> {
    let line = written[..offset].matches('\n').count();
    let mut j = written[..offset].rfind('\n').map_or(0, |at| at + 1);
    let mut i = match line {
        0 if original.starts_with('\u{feff}') => 3,
        0 => 0,
        n => match original.match_indices('\n').nth(n - 1) {
            Some((at, _)) => at + 1,
            // A line that toml_edit added: the final newline.
            None if original.matches('\n').count() + 1 == line && j == offset => {
                return Some((original.len(), "\n"));
            }
            None => return None,
        },
    };
    let (o, w) = (original.as_bytes(), written.as_bytes());
    while j < offset {
        if o.get(i) == Some(&w[j]) {
            i += 1;
            j += 1;
        } else if w[j] == b'\n' && o[i..].starts_with(b"\r\n") {
            i += 2;
            j += 1;
        } else if i == o.len() && w[j..offset].iter().all(|b| *b == b'\n') {
            return Some((i, &written[j..offset]));
        } else {
            return None;
        }
    }
    Some((i, ""))
}

/// A string value written on one line, with escapes (`"a\nb"`), never as a
/// multi-line string: its line ends would not follow the file's.
fn one_line_string(text: &str) -> toml_edit::Value {
    let mut repr = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => repr.push_str("\\\""),
            '\\' => repr.push_str("\\\\"),
            '\n' => repr.push_str("\\n"),
            '\r' => repr.push_str("\\r"),
            '\t' => repr.push('\t'),
            c if c.is_control() => {
                let _ = write!(repr, "\\u{:04X}", u32::from(c));
            }
            c => repr.push(c),
        }
    }
    repr.push('"');
    match repr.parse::<toml_edit::Value>() {
        Ok(mut value) => {
            value.decor_mut().clear();
            value
        }
        Err(_) => toml_edit::Value::from(text),
    }
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
    table["id"] = Item::Value(one_line_string(&item.id));
    table["title"] = Item::Value(one_line_string(&item.title));
    if !item.tags.is_empty() {
        let mut tags: Array = item.tags.iter().map(|t| one_line_string(t)).collect();
        tags.fmt();
        table["tags"] = Item::Value(tags.into());
    }
    if let Some(presenter) = &item.presenter {
        table["presenter"] = Item::Value(one_line_string(presenter));
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

    fn item(title: &str) -> NewItem {
        NewItem {
            id: "b".into(),
            title: title.into(),
            ..NewItem::default()
        }
    }

    const AGENDA: &str =
        "schema = 1\ndate = 2025-03-11\nstatus = \"agenda\"\n\n[[items]]\ntitle = \"A\"\n";
    const BLOCK: &str = "\n[[items]]\nid = \"b\"\ntitle = \"B\"\nnotes = \"\"\n";

    #[test]
    fn an_edit_keeps_a_leading_byte_order_mark() {
        let text = format!("\u{feff}{AGENDA}");
        let out = add_item(Path::new("m.toml"), &text, &item("B")).unwrap();
        assert_eq!(out, format!("{text}{BLOCK}"));
        let date = NaiveDate::from_ymd_opt(2025, 3, 12).unwrap();
        let out = set_date(Path::new("m.toml"), &text, date).unwrap();
        assert_eq!(out, text.replace("2025-03-11", "2025-03-12"));
    }

    #[test]
    fn an_edit_keeps_the_bytes_of_a_file_with_a_float_that_is_not_a_number() {
        let text = "\r\ndate = 2025-03-11\r\nx = -nan\r\n";
        let out = add_item(Path::new("m.toml"), text, &item("B")).unwrap();
        assert_eq!(out, format!("{text}{}", BLOCK.replace('\n', "\r\n")));
        let date = NaiveDate::from_ymd_opt(2025, 3, 12).unwrap();
        let out = set_date(Path::new("m.toml"), text, date).unwrap();
        assert_eq!(out, text.replace("2025-03-11", "2025-03-12"));
    }

    #[test]
    fn an_edit_keeps_crlf_line_ends() {
        let text =
            format!("{AGENDA}\n[[updates]]\naction = \"2025-03-04#a1\"\nstatus = \"open\"\n")
                .replace('\n', "\r\n");
        let out = add_item(Path::new("m.toml"), &text, &item("B")).unwrap();
        let at = text.find("\r\n[[updates]]").unwrap();
        let expected = format!(
            "{}{}{}",
            &text[..at],
            BLOCK.replace('\n', "\r\n"),
            &text[at..]
        );
        assert_eq!(out, expected);
        let out = rename_action_refs(Path::new("m.toml"), &text, "2025-03-04", "2025-03-05")
            .unwrap()
            .unwrap();
        assert_eq!(out, text.replace("2025-03-04#", "2025-03-05#"));
    }

    #[test]
    fn an_edit_adds_no_final_newline_to_a_file_ending_in_a_comment() {
        let text = format!(
            "{AGENDA}\n[[updates]]\naction = \"2025-03-04#a1\"\nstatus = \"open\" # waiting"
        );
        let out = add_item(Path::new("m.toml"), &text, &item("B")).unwrap();
        assert!(out.ends_with("status = \"open\" # waiting"), "{out:?}");
        // At the end of such a file, the item starts on a line of its own.
        let text = format!("{} # last", AGENDA.trim_end());
        let out = add_item(Path::new("m.toml"), &text, &item("B")).unwrap();
        assert_eq!(out, format!("{text}\n{BLOCK}"));
    }

    #[test]
    fn a_new_item_is_written_on_one_line_per_value() {
        let text = AGENDA.replace('\n', "\r\n");
        let mut new = item("two\nlines \"quoted\" \\ \u{7}");
        new.tags = vec!["a\rb".into()];
        let out = add_item(Path::new("m.toml"), &text, &new).unwrap();
        assert!(
            out.contains(
                "title = \"two\\nlines \\\"quoted\\\" \\\\ \\u0007\"\r\ntags = [\"a\\rb\"]\r\n"
            ),
            "{out:?}"
        );
        let doc: toml::Table = toml::from_str(&out).unwrap();
        let items = doc["items"].as_array().unwrap();
        assert_eq!(items[1]["title"].as_str(), Some(new.title.as_str()));
    }

    /// toml_edit writes every entry of an array of tables with the header
    /// of the first one: `[[items. sources]]` became `[[items.sources]]`.
    #[test]
    fn an_edit_keeps_table_headers_as_written() {
        let text = "schema = 1\ndate = 2025-03-11 # here\nstatus = \"agenda\"\n\n[[ items ]]\ntitle = \"A\"\n\n[[items.sources]]\ntitle = \"S\"\n\n[[items. sources]]\ntitle = \"T\"\n\n[[ \"updates\" ]]\naction = \"2025-03-04#a1\"\nstatus = \"open\"\n\n[ publication ]\n";
        let out = add_item(Path::new("m.toml"), text, &item("B")).unwrap();
        // One block before the updates; its header takes the key `items` as
        // the person wrote it.
        let at = text.find("[[ \"updates\" ]]").unwrap();
        let block = BLOCK[1..].replace("[[items]]", "[[ items ]]") + "\n";
        assert_eq!(out, format!("{}{block}{}", &text[..at], &text[at..]));
        let date = NaiveDate::from_ymd_opt(2025, 3, 12).unwrap();
        let out = set_date(Path::new("m.toml"), text, date).unwrap();
        assert_eq!(out, text.replace("2025-03-11", "2025-03-12"));
        let out = rename_action_refs(Path::new("m.toml"), text, "2025-03-04", "2025-03-05")
            .unwrap()
            .unwrap();
        assert_eq!(out, text.replace("2025-03-04#", "2025-03-05#"));
    }

    /// Two references changed in one go made the lines between them
    /// toml_edit's, with its header for `[[items. sources]]`.
    #[test]
    fn renamed_references_keep_the_lines_between_them() {
        let text = "schema = 1\r\n[[updates]]\r\naction = \"2025-03-04#a1\"\r\n\r\n\
                    [[items]]\r\ntitle = \"A\"\r\n[[items.sources]]\r\ntitle = \"S\"\r\n\
                    [[items. sources]]\r\ntitle = \"T\"\r\n\r\n\
                    [[updates]]\r\naction = \"2025-03-04#a2\" # last";
        let out = rename_action_refs(Path::new("m.toml"), text, "2025-03-04", "2025-03-05")
            .unwrap()
            .unwrap();
        assert_eq!(out, text.replace("2025-03-04#", "2025-03-05#"));
    }
}
