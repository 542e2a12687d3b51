//! The text of imported files: a meeting as a person would write it (only
//! the fields it has, notes as multi-line strings), and the roster added
//! to `minutes.toml` through `toml_edit`, so that the file's comments and
//! layout survive.

use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value, value};

use crate::error::{Error, Result};
use crate::meeting::{Decision, Meeting};

use super::roster::Person;

/// The meeting file's text.
pub fn meeting(m: &Meeting) -> String {
    let mut doc = DocumentMut::new();
    doc["schema"] = value(i64::from(m.schema));
    doc["date"] = value(date(m.date));
    if let Some(series) = &m.series {
        doc["series"] = value(series.as_str());
    }
    doc["status"] = value(m.status.as_str());
    if let Some(title) = &m.title {
        doc["title"] = value(title.as_str());
    }
    for (key, list) in [("chair", &m.chair), ("scribe", &m.scribe)] {
        match list.as_slice() {
            [] => {}
            [one] => doc[key] = value(one.as_str()),
            many => doc[key] = value(strings(many)),
        }
    }
    if let Some(start) = &m.start {
        doc["start"] = value(start.as_str());
    }
    if let Some(end) = m.end_date {
        doc["end_date"] = value(date(end));
    }
    if !m.present.is_empty() {
        doc["present"] = value(strings(&m.present));
    }
    if !m.regrets.is_empty() {
        doc["regrets"] = value(strings(&m.regrets));
    }
    text(&mut doc, "preamble", &m.preamble);
    text(&mut doc, "postscript", &m.postscript);
    let mut attendees = ArrayOfTables::new();
    for a in &m.attendees {
        let mut t = Table::new();
        for (key, v) in [
            ("who", &a.who),
            ("name", &a.name),
            ("role", &a.role),
            ("affiliation", &a.affiliation),
            ("note", &a.note),
        ] {
            if let Some(v) = v {
                t[key] = value(v.as_str());
            }
        }
        attendees.push(t);
    }
    if !attendees.is_empty() {
        doc["attendees"] = Item::ArrayOfTables(attendees);
    }
    let mut links = ArrayOfTables::new();
    for l in &m.links {
        let mut t = Table::new();
        t["kind"] = value(l.kind.as_str());
        t["url"] = value(l.url.as_str());
        if let Some(label) = &l.label {
            t["label"] = value(label.as_str());
        }
        links.push(t);
    }
    if !links.is_empty() {
        doc["links"] = Item::ArrayOfTables(links);
    }
    let mut items = ArrayOfTables::new();
    for item in &m.items {
        let mut t = Table::new();
        t["id"] = value(item.id.as_str());
        t["title"] = value(item.title.as_str());
        if let Some(section) = &item.section {
            t["section"] = value(section.as_str());
        }
        if let Some(parent) = &item.parent {
            t["parent"] = value(parent.as_str());
        }
        if !item.discussed {
            t["discussed"] = value(false);
        }
        if !item.refs.is_empty() {
            t["refs"] = value(strings(&item.refs));
        }
        if !item.notes.is_empty() {
            t["notes"] = multiline(&item.notes);
        }
        if !item.decisions.is_empty() {
            let mut list = Array::new();
            for d in &item.decisions {
                list.push(decision(d));
            }
            t["decisions"] = value(list);
        }
        let mut actions = ArrayOfTables::new();
        for a in &item.actions {
            let mut at = Table::new();
            at["id"] = value(a.id.as_str());
            if let Some(owner) = &a.owner {
                at["owner"] = value(owner.as_str());
            }
            at["task"] = value(a.task.as_str());
            actions.push(at);
        }
        if !actions.is_empty() {
            t["actions"] = Item::ArrayOfTables(actions);
        }
        items.push(t);
    }
    if !items.is_empty() {
        doc["items"] = Item::ArrayOfTables(items);
    }
    if let Some(origin) = &m.origin {
        let mut t = Table::new();
        t["source"] = value(origin.source.as_str());
        for (key, v) in [
            ("path", &origin.path),
            ("commit", &origin.commit),
            ("profile", &origin.profile),
            ("era", &origin.era),
        ] {
            if let Some(v) = v {
                t[key] = value(v.as_str());
            }
        }
        t.decor_mut().set_prefix("\n");
        doc["origin"] = Item::Table(t);
    }
    doc.to_string()
}

fn date(d: chrono::NaiveDate) -> toml_edit::Date {
    use chrono::Datelike;
    toml_edit::Date {
        year: d.year() as u16,
        month: d.month() as u8,
        day: d.day() as u8,
    }
}

fn strings(list: &[String]) -> Array {
    list.iter().map(String::as_str).collect()
}

fn text(doc: &mut DocumentMut, key: &str, text: &str) {
    if !text.is_empty() {
        doc[key] = multiline(text);
    }
}

/// Markdown as a multi-line string, as a person would write it: a newline
/// after the opening quotes, and the text as it is. Literal quotes keep
/// backslashes as they are; text they cannot hold (`'''`, a control
/// character) gets a basic string, escaped.
fn multiline(text: &str) -> Item {
    if !text.contains('\n') {
        return value(text);
    }
    // Literal quotes hold no control character but the tab and the newline.
    let literal = !text.contains("'''")
        && !text.ends_with('\'')
        && !text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t');
    let repr = if literal {
        format!("'''\n{text}'''")
    } else {
        let mut escaped = String::with_capacity(text.len() + 8);
        for c in text.chars() {
            match c {
                '\\' => escaped.push_str("\\\\"),
                '"' => escaped.push_str("\\\""),
                '\r' => escaped.push_str("\\r"),
                '\t' | '\n' => escaped.push(c),
                c if c.is_control() => escaped.push_str(&format!("\\u{:04X}", c as u32)),
                c => escaped.push(c),
            }
        }
        format!("\"\"\"\n{escaped}\"\"\"")
    };
    // The representation is made here; toml_edit checks it on parsing.
    match repr.parse::<Value>() {
        Ok(v) => Item::Value(v),
        Err(_) => value(text),
    }
}

fn decision(d: &Decision) -> Value {
    match d.kind {
        None => Value::from(d.text.as_str()),
        Some(kind) => {
            let mut t = InlineTable::new();
            t.insert("text", Value::from(d.text.as_str()));
            t.insert("kind", Value::from(kind.as_str()));
            Value::InlineTable(t)
        }
    }
}

/// `minutes.toml` with `people` added to its roster, each under its
/// handle: `handle = "Name"` for a name alone, a `[people.<handle>]` table
/// for more. Handles already there are left as they are, unless they are
/// among `settled` (the people of a `--roster` file), which replace them.
pub fn add_people(config: &str, people: &[&Person], settled: &[Person]) -> Result<String> {
    let mut doc: DocumentMut = config
        .parse()
        .map_err(|e| Error::failed(format!("minutes.toml cannot be read: {e}")))?;
    if people.is_empty() && settled.is_empty() {
        return Ok(doc.to_string());
    }
    let roster = doc
        .entry("people")
        .or_insert_with(|| {
            let mut t = Table::new();
            t.set_implicit(true);
            Item::Table(t)
        })
        .as_table_mut()
        .ok_or_else(|| Error::failed("minutes.toml: `people` is not a table"))?;
    let fresh = people
        .iter()
        .copied()
        .filter(|p| !roster.contains_key(&p.handle));
    let settled = settled.iter().filter(|p| !same(roster.get(&p.handle), p));
    for p in fresh.chain(settled).collect::<Vec<_>>() {
        if p.aliases.is_empty() && p.github.is_none() && p.email.is_none() {
            roster.insert(&p.handle, value(p.name.as_str()));
            roster.set_implicit(false);
            continue;
        }
        let mut t = Table::new();
        t["name"] = value(p.name.as_str());
        if !p.aliases.is_empty() {
            t["aliases"] = value(strings(&p.aliases));
        }
        if let Some(github) = &p.github {
            t["github"] = value(github.as_str());
        }
        if let Some(email) = &p.email {
            t["email"] = value(email.as_str());
        }
        roster.insert(&p.handle, Item::Table(t));
    }
    Ok(doc.to_string())
}

/// Whether the roster's entry says what `p` says already.
fn same(entry: Option<&Item>, p: &Person) -> bool {
    let Some(entry) = entry else { return false };
    let text = |key: &str| entry.get(key).and_then(|v| v.as_str()).map(str::to_string);
    let aliases: Vec<String> = entry
        .get("aliases")
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    match entry.as_str() {
        Some(name) => {
            name == p.name && p.aliases.is_empty() && p.github.is_none() && p.email.is_none()
        }
        None => {
            text("name").as_deref() == Some(p.name.as_str())
                && aliases == p.aliases
                && text("github") == p.github
                && text("email") == p.email
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meeting::{Action, Attendee, DecisionKind, Item as MeetingItem, Origin, Status};

    #[test]
    fn a_meeting_reads_back_as_it_was_written() {
        let mut m: Meeting =
            toml::from_str("schema = 1\ndate = 2025-01-28\nstatus = \"final\"\n").unwrap();
        m.status = Status::Final;
        m.title = Some("Call 2025-01-28".into());
        m.chair = vec!["ana".into()];
        m.scribe = vec!["rui".into(), "lu".into()];
        m.preamble = "Extracted from the \\*agenda\\* label.\n\n- a 'quoted' line".into();
        m.attendees = vec![Attendee {
            name: Some("Dana Weiss".into()),
            role: Some("invited".into()),
            ..Attendee::default()
        }];
        m.items = vec![MeetingItem {
            id: "budget".into(),
            title: "Budget \"2025\"".into(),
            lead: None,
            tags: vec![],
            presenter: None,
            timebox: None,
            private: false,
            section: Some("org/repo".into()),
            discussed: false,
            refs: vec!["org/repo#12".into()],
            parent: None,
            notes: "* Ana: '''odd''' quotes\n  * nested \\ backslash \u{7f}\n".into(),
            decisions: vec![
                Decision::plain("plain"),
                Decision {
                    text: "typed".into(),
                    kind: Some(DecisionKind::Resolution),
                },
            ],
            sources: vec![],
            actions: vec![Action {
                id: "a1".into(),
                owner: None,
                task: "Write it up".into(),
                due: None,
            }],
        }];
        m.origin = Some(Origin {
            source: "github:org/repo".into(),
            path: Some("meetings/2025-01-28.md".into()),
            commit: None,
            profile: Some("generic".into()),
            era: Some("body".into()),
        });
        let text = meeting(&m);
        let back: Meeting = toml::from_str(&text).unwrap();
        assert_eq!(back, m, "{text}");
        assert!(text.contains("preamble = '''\nExtracted"), "{text}");
    }

    #[test]
    fn people_join_the_roster_and_its_layout_stays() {
        let config = "# our archive\n[archive]\ntitle = \"T\"\n\n[people]\nana = \"Ana\" # chair\n";
        let rui = Person {
            handle: "rui".into(),
            name: "Rui Matos".into(),
            aliases: vec!["Rui".into()],
            github: Some("RuiM".into()),
            email: None,
            known: false,
        };
        let lu = Person {
            handle: "lu".into(),
            name: "Lu".into(),
            aliases: vec![],
            github: None,
            email: None,
            known: false,
        };
        let text = add_people(config, &[&rui, &lu], &[]).unwrap();
        assert!(text.starts_with("# our archive\n"), "{text}");
        assert!(text.contains("ana = \"Ana\" # chair"), "{text}");
        assert!(text.contains("lu = \"Lu\""), "{text}");
        assert!(
            text.contains(
                "[people.rui]\nname = \"Rui Matos\"\naliases = [\"Rui\"]\ngithub = \"RuiM\""
            ),
            "{text}"
        );
        let again = add_people(&text, &[&rui, &lu], &[]).unwrap();
        assert_eq!(again, text);
        let settled = Person {
            aliases: vec!["Lu W.".into()],
            ..lu.clone()
        };
        let text = add_people(&text, &[], std::slice::from_ref(&settled)).unwrap();
        assert!(
            text.contains("[people.lu]\nname = \"Lu\"\naliases = [\"Lu W.\"]"),
            "{text}"
        );
        assert!(!text.contains("lu = \"Lu\""), "{text}");
        assert_eq!(add_people(&text, &[], &[settled]).unwrap(), text);
    }
}
