//! The semantic difference of two meetings: what a reader of the minutes
//! would call a change.
//!
//! Items are matched by id, so an item that moved is a move and not a removal
//! plus an addition; notes are compared word by word. This module is pure: it
//! knows nothing of git or files, and `commit`, `log`, `diff` and `blame` all
//! speak through it.

use serde::Serialize;

use crate::meeting::{Action, Attendee, Item, Link, Meeting, Source, Update};
use crate::plural;

/// One change between two versions of a meeting.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// A header field (`status`, `chair`, `present` ...).
    Field {
        field: &'static str,
        old: String,
        new: String,
    },
    ItemAdded {
        item: String,
        title: String,
    },
    ItemRemoved {
        item: String,
        title: String,
    },
    /// The item changed its place in the order of the meeting.
    ItemMoved {
        item: String,
        title: String,
        from: usize,
        to: usize,
    },
    ItemEdited {
        item: String,
        title: String,
        edits: Vec<Edit>,
    },
    UpdateAdded {
        action: String,
        status: String,
    },
    UpdateRemoved {
        action: String,
    },
    UpdateEdited {
        action: String,
        old: String,
        new: String,
    },
    /// The preamble or the postscript, word by word.
    Text {
        field: &'static str,
        words: Vec<Word>,
    },
    /// A person of `[[attendees]]`: a handle, or a guest's name in quotes.
    AttendeeAdded {
        who: String,
        guest: bool,
    },
    AttendeeRemoved {
        who: String,
        guest: bool,
    },
    /// The role, affiliation or note of an attendee.
    AttendeeEdited {
        who: String,
        old: String,
        new: String,
    },
    LinkAdded {
        link: String,
        url: String,
    },
    LinkRemoved {
        link: String,
        url: String,
    },
    LinkEdited {
        link: String,
        old: String,
        new: String,
    },
}

/// One change inside an item.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "part", rename_all = "snake_case")]
pub enum Edit {
    /// A single value: title, lead, presenter, timebox, private.
    Value {
        field: &'static str,
        old: String,
        new: String,
    },
    /// The notes, word by word.
    Notes { words: Vec<Word> },
    /// A list: tags, decisions, sources, actions.
    List {
        field: &'static str,
        added: Vec<String>,
        removed: Vec<String>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        changed: Vec<String>,
    },
}

/// A run of words that both versions share, or that one of them holds alone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Word {
    pub op: Op,
    pub text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    Same,
    Added,
    Removed,
}

/// Every change from `old` to `new`: header, attendees, links, preamble,
/// items, postscript, then updates.
pub fn meetings(old: &Meeting, new: &Meeting) -> Vec<Change> {
    let mut out = Vec::new();
    header(old, new, &mut out);
    attendees(&old.attendees, &new.attendees, &mut out);
    links(&old.links, &new.links, &mut out);
    text("preamble", &old.preamble, &new.preamble, &mut out);
    items(&old.items, &new.items, &mut out);
    text("postscript", &old.postscript, &new.postscript, &mut out);
    updates(&old.updates, &new.updates, &mut out);
    out
}

/// A meeting that did not exist before: its items and updates, all added.
pub fn created(new: &Meeting) -> Vec<Change> {
    let mut out = Vec::new();
    items(&[], &new.items, &mut out);
    updates(&[], &new.updates, &mut out);
    out
}

/// The header fields with their values as text, for comparison and blame.
pub fn header_fields(m: &Meeting) -> Vec<(&'static str, String)> {
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    vec![
        ("date", m.date.to_string()),
        ("end_date", date(m.end_date)),
        ("series", m.series.clone().unwrap_or_default()),
        ("status", m.status.as_str().to_string()),
        ("title", m.title.clone().unwrap_or_default()),
        ("start", m.start.clone().unwrap_or_default()),
        ("chair", m.chair.join(", ")),
        ("scribe", m.scribe.join(", ")),
        ("present", m.present.join(", ")),
        ("regrets", m.regrets.join(", ")),
        (
            "publication",
            date(m.publication.as_ref().and_then(|p| p.date)),
        ),
        (
            "origin",
            m.origin.as_ref().map(|o| o.describe()).unwrap_or_default(),
        ),
    ]
}

/// Every part of a meeting outside its items, with its value as text:
/// the header fields, then the attendees, links, preamble and postscript,
/// for `blame`.
pub fn meeting_parts(m: &Meeting) -> Vec<(&'static str, String)> {
    let mut parts = header_fields(m);
    let people: Vec<String> = m.attendees.iter().map(attendee_line).collect();
    let links: Vec<String> = m.links.iter().map(link_line).collect();
    parts.push(("attendees", people.join("; ")));
    parts.push(("links", links.join("; ")));
    parts.push(("preamble", m.preamble.clone()));
    parts.push(("postscript", m.postscript.clone()));
    parts
}

/// Who an attendee is, as messages name them: the handle, or the guest's
/// name in quotes.
fn attendee_name(a: &Attendee) -> String {
    match (&a.who, &a.name) {
        (Some(who), _) => who.clone(),
        (None, Some(name)) => format!("\"{name}\""),
        (None, None) => "(nobody)".into(),
    }
}

/// What is said of an attendee besides who they are.
fn attendee_details(a: &Attendee) -> String {
    [&a.role, &a.affiliation, &a.note]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

fn attendee_line(a: &Attendee) -> String {
    match attendee_details(a) {
        d if d.is_empty() => attendee_name(a),
        d => format!("{} ({d})", attendee_name(a)),
    }
}

fn link_line(l: &Link) -> String {
    match &l.label {
        Some(label) => format!("{}: {} <{}>", l.kind.as_str(), label, l.url),
        None => format!("{}: <{}>", l.kind.as_str(), l.url),
    }
}

/// Attendees are matched by handle, guests by name (ignoring case).
fn attendees(old: &[Attendee], new: &[Attendee], out: &mut Vec<Change>) {
    let key = |a: &Attendee| match (&a.who, &a.name) {
        (Some(who), _) => who.clone(),
        (None, name) => format!("\"{}", name.as_deref().unwrap_or("").to_lowercase()),
    };
    let find = |list: &[Attendee], k: &str| list.iter().find(|a| key(a) == k).cloned();
    for a in old {
        match find(new, &key(a)) {
            None => out.push(Change::AttendeeRemoved {
                who: attendee_name(a),
                guest: a.is_guest(),
            }),
            Some(b) if attendee_details(&b) != attendee_details(a) => {
                out.push(Change::AttendeeEdited {
                    who: attendee_name(&b),
                    old: attendee_details(a),
                    new: attendee_details(&b),
                })
            }
            Some(_) => {}
        }
    }
    for b in new.iter().filter(|b| find(old, &key(b)).is_none()) {
        out.push(Change::AttendeeAdded {
            who: attendee_name(b),
            guest: b.is_guest(),
        });
    }
}

/// Links are matched by address.
fn links(old: &[Link], new: &[Link], out: &mut Vec<Change>) {
    let find = |list: &[Link], url: &str| list.iter().find(|l| l.url == url).cloned();
    for l in old {
        match find(new, &l.url) {
            None => out.push(Change::LinkRemoved {
                link: l.kind.as_str().to_string(),
                url: l.url.clone(),
            }),
            Some(m) if m != *l => out.push(Change::LinkEdited {
                link: m.kind.as_str().to_string(),
                old: link_line(l),
                new: link_line(&m),
            }),
            Some(_) => {}
        }
    }
    for l in new.iter().filter(|l| find(old, &l.url).is_none()) {
        out.push(Change::LinkAdded {
            link: l.kind.as_str().to_string(),
            url: l.url.clone(),
        });
    }
}

fn text(field: &'static str, old: &str, new: &str, out: &mut Vec<Change>) {
    if old != new {
        out.push(Change::Text {
            field,
            words: words(old, new),
        });
    }
}

fn header(old: &Meeting, new: &Meeting, out: &mut Vec<Change>) {
    for ((field, a), (_, b)) in header_fields(old).into_iter().zip(header_fields(new)) {
        if a != b {
            out.push(Change::Field {
                field,
                old: a,
                new: b,
            });
        }
    }
}

fn items(old: &[Item], new: &[Item], out: &mut Vec<Change>) {
    let find = |list: &[Item], id: &str| list.iter().position(|i| i.id == id);
    for item in old.iter().filter(|i| find(new, &i.id).is_none()) {
        out.push(Change::ItemRemoved {
            item: item.id.clone(),
            title: item.title.clone(),
        });
    }
    for item in new.iter().filter(|i| find(old, &i.id).is_none()) {
        out.push(Change::ItemAdded {
            item: item.id.clone(),
            title: item.title.clone(),
        });
    }
    // Items kept in both: those off the longest common order have moved.
    let kept_old: Vec<&str> = old
        .iter()
        .filter(|i| find(new, &i.id).is_some())
        .map(|i| i.id.as_str())
        .collect();
    let kept_new: Vec<&str> = new
        .iter()
        .filter(|i| find(old, &i.id).is_some())
        .map(|i| i.id.as_str())
        .collect();
    for op in lcs(&kept_old, &kept_new) {
        if let (Op::Added, id) = op {
            let (from, to) = (find(old, id).unwrap_or(0), find(new, id).unwrap_or(0));
            out.push(Change::ItemMoved {
                item: id.to_string(),
                title: new[to].title.clone(),
                from: from + 1,
                to: to + 1,
            });
        }
    }
    for item in new {
        if let Some(before) = old.iter().find(|i| i.id == item.id) {
            let edits = item_edits(before, item);
            if !edits.is_empty() {
                out.push(Change::ItemEdited {
                    item: item.id.clone(),
                    title: item.title.clone(),
                    edits,
                });
            }
        }
    }
}

/// The changes inside one item.
pub fn item_edits(old: &Item, new: &Item) -> Vec<Edit> {
    let mut edits = Vec::new();
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let num = |v: Option<u32>| v.map(|n| n.to_string()).unwrap_or_default();
    for (field, a, b) in [
        ("title", old.title.clone(), new.title.clone()),
        ("lead", opt(&old.lead), opt(&new.lead)),
        ("presenter", opt(&old.presenter), opt(&new.presenter)),
        ("timebox", num(old.timebox), num(new.timebox)),
        ("private", old.private.to_string(), new.private.to_string()),
        ("section", opt(&old.section), opt(&new.section)),
        ("parent", opt(&old.parent), opt(&new.parent)),
        (
            "discussed",
            old.discussed.to_string(),
            new.discussed.to_string(),
        ),
    ] {
        if a != b {
            edits.push(Edit::Value {
                field,
                old: a,
                new: b,
            });
        }
    }
    list(&mut edits, "tags", &old.tags, &new.tags, |t| t.clone());
    list(&mut edits, "refs", &old.refs, &new.refs, |r| r.clone());
    if old.notes != new.notes {
        edits.push(Edit::Notes {
            words: words(&old.notes, &new.notes),
        });
    }
    list(
        &mut edits,
        "decisions",
        &old.decisions,
        &new.decisions,
        |d| d.to_string(),
    );
    list(&mut edits, "sources", &old.sources, &new.sources, source);
    actions(&mut edits, &old.actions, &new.actions);
    edits
}

fn list<T: PartialEq>(
    edits: &mut Vec<Edit>,
    field: &'static str,
    old: &[T],
    new: &[T],
    show: impl Fn(&T) -> String,
) {
    let added: Vec<String> = new.iter().filter(|x| !old.contains(x)).map(&show).collect();
    let removed: Vec<String> = old.iter().filter(|x| !new.contains(x)).map(&show).collect();
    if !added.is_empty() || !removed.is_empty() {
        edits.push(Edit::List {
            field,
            added,
            removed,
            changed: Vec::new(),
        });
    }
}

fn source(s: &Source) -> String {
    match (&s.author, &s.publisher) {
        (Some(a), _) => format!("{} ({a})", s.title),
        (None, Some(p)) => format!("{} ({p})", s.title),
        (None, None) => s.title.clone(),
    }
}

fn action(a: &Action) -> String {
    let owner = a.owner.as_deref().unwrap_or("nobody");
    let due = a.due.map(|d| format!(", due {d}")).unwrap_or_default();
    format!("{}: {} ({owner}{due})", a.id, a.task)
}

/// Actions are matched by id, so that a new due date is a change, not a swap.
fn actions(edits: &mut Vec<Edit>, old: &[Action], new: &[Action]) {
    let find = |list: &[Action], id: &str| list.iter().find(|a| a.id == id).cloned();
    let added: Vec<String> = new
        .iter()
        .filter(|a| find(old, &a.id).is_none())
        .map(action)
        .collect();
    let removed: Vec<String> = old
        .iter()
        .filter(|a| find(new, &a.id).is_none())
        .map(action)
        .collect();
    let changed: Vec<String> = new
        .iter()
        .filter_map(|a| find(old, &a.id).filter(|b| b != a).map(|_| action(a)))
        .collect();
    if !added.is_empty() || !removed.is_empty() || !changed.is_empty() {
        edits.push(Edit::List {
            field: "actions",
            added,
            removed,
            changed,
        });
    }
}

fn updates(old: &[Update], new: &[Update], out: &mut Vec<Change>) {
    let show = |u: &Update| match u.note.as_deref().filter(|n| !n.is_empty()) {
        Some(note) => format!("{} ({note})", u.status.as_str()),
        None => u.status.as_str().to_string(),
    };
    for u in old {
        match new.iter().find(|n| n.action == u.action) {
            None => out.push(Change::UpdateRemoved {
                action: u.action.clone(),
            }),
            Some(n) if n != u => out.push(Change::UpdateEdited {
                action: u.action.clone(),
                old: show(u),
                new: show(n),
            }),
            Some(_) => {}
        }
    }
    for n in new
        .iter()
        .filter(|n| !old.iter().any(|u| u.action == n.action))
    {
        out.push(Change::UpdateAdded {
            action: n.action.clone(),
            status: show(n),
        });
    }
}

/// The word-by-word difference of two texts, runs of the same kind merged.
pub fn words(old: &str, new: &str) -> Vec<Word> {
    let a: Vec<&str> = old.split_whitespace().collect();
    let b: Vec<&str> = new.split_whitespace().collect();
    let mut out: Vec<Word> = Vec::new();
    for (op, word) in lcs(&a, &b) {
        match out.last_mut() {
            Some(last) if last.op == op => {
                last.text.push(' ');
                last.text.push_str(word);
            }
            _ => out.push(Word {
                op,
                text: word.to_string(),
            }),
        }
    }
    out
}

/// Counts of words added and removed in a word diff.
pub fn word_counts(words: &[Word]) -> (usize, usize) {
    let count = |op| {
        words
            .iter()
            .filter(|w| w.op == op)
            .map(|w| w.text.split(' ').count())
            .sum()
    };
    (count(Op::Added), count(Op::Removed))
}

/// Above this many cells the quadratic table is not worth it: the middle is
/// reported as replaced wholesale.
const MAX_CELLS: usize = 4_000_000;

/// A longest-common-subsequence alignment of `a` and `b`: each element of
/// both, in order, marked same, removed (only in `a`) or added (only in `b`).
/// The common prefix and suffix are peeled off first, which is where most
/// edits of minutes leave the text alone.
pub fn lcs<'a, T: PartialEq + ?Sized>(a: &[&'a T], b: &[&'a T]) -> Vec<(Op, &'a T)> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ma, mb) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut out: Vec<(Op, &T)> = a[..prefix].iter().map(|x| (Op::Same, *x)).collect();
    if ma.len() * mb.len() > MAX_CELLS {
        out.extend(ma.iter().map(|x| (Op::Removed, *x)));
        out.extend(mb.iter().map(|x| (Op::Added, *x)));
    } else {
        // table[i][j]: the length of the LCS of ma[i..] and mb[j..].
        let w = mb.len() + 1;
        let mut table = vec![0u32; (ma.len() + 1) * w];
        for i in (0..ma.len()).rev() {
            for j in (0..mb.len()).rev() {
                table[i * w + j] = if ma[i] == mb[j] {
                    table[(i + 1) * w + j + 1] + 1
                } else {
                    table[(i + 1) * w + j].max(table[i * w + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < ma.len() || j < mb.len() {
            if i < ma.len() && j < mb.len() && ma[i] == mb[j] {
                out.push((Op::Same, ma[i]));
                i += 1;
                j += 1;
            } else if i < ma.len()
                && (j == mb.len() || table[(i + 1) * w + j] >= table[i * w + j + 1])
            {
                out.push((Op::Removed, ma[i]));
                i += 1;
            } else {
                out.push((Op::Added, mb[j]));
                j += 1;
            }
        }
    }
    out.extend(a[a.len() - suffix..].iter().map(|x| (Op::Same, *x)));
    out
}

impl Change {
    /// A short phrase for a commit subject or a log line:
    /// `add item "Congo"`, `notes of "deepseek" edited`.
    pub fn summary(&self) -> String {
        match self {
            Change::Field { field, old, new } if old.is_empty() => format!("{field} set to {new}"),
            Change::Field { field, new, .. } if new.is_empty() => format!("{field} cleared"),
            Change::Field { field, old, new } if *field == "status" || *field == "date" => {
                format!("{field} {old} -> {new}")
            }
            Change::Field { field, .. } => format!("{field} changed"),
            Change::ItemAdded { title, .. } => format!("add item \"{title}\""),
            Change::ItemRemoved { title, .. } => format!("remove item \"{title}\""),
            Change::ItemMoved { item, .. } => format!("move item \"{item}\""),
            Change::ItemEdited { item, edits, .. } => {
                // Whether an item was discussed is said in words of its own.
                let marked = edits.iter().find_map(|e| match e {
                    Edit::Value {
                        field: "discussed",
                        new,
                        ..
                    } => Some(match new.as_str() {
                        "false" => format!("\"{item}\" marked not discussed"),
                        _ => format!("\"{item}\" marked discussed"),
                    }),
                    _ => None,
                });
                let parts: Vec<&str> = edits
                    .iter()
                    .map(Edit::name)
                    .filter(|n| *n != "discussed")
                    .collect();
                match (parts.is_empty(), marked) {
                    (true, Some(marked)) => marked,
                    (false, Some(marked)) => {
                        format!("{} of \"{item}\" edited, {marked}", join_and(&parts))
                    }
                    (_, None) => format!("{} of \"{item}\" edited", join_and(&parts)),
                }
            }
            Change::UpdateAdded { action, status } => format!("update {action}: {status}"),
            Change::UpdateRemoved { action } => format!("drop update of {action}"),
            Change::UpdateEdited { action, .. } => format!("update of {action} changed"),
            Change::Text { field, .. } => format!("{field} edited"),
            Change::AttendeeAdded { who, guest } => match guest {
                true => format!("add guest {who}"),
                false => format!("add attendee {who}"),
            },
            Change::AttendeeRemoved { who, guest } => match guest {
                true => format!("remove guest {who}"),
                false => format!("remove attendee {who}"),
            },
            Change::AttendeeEdited { who, .. } => format!("attendee {who} changed"),
            Change::LinkAdded { link, .. } => format!("add {link} link"),
            Change::LinkRemoved { link, .. } => format!("remove {link} link"),
            Change::LinkEdited { link, .. } => format!("{link} link changed"),
        }
    }

    /// One line of detail, for a commit body or `log`.
    pub fn detail(&self) -> String {
        match self {
            Change::Field { field, old, new } => {
                format!("{field}: {} -> {}", or_none(old), or_none(new))
            }
            Change::ItemMoved { item, from, to, .. } => {
                format!("item \"{item}\" moved from place {from} to {to}")
            }
            Change::ItemEdited { item, edits, .. } => {
                let parts: Vec<String> = edits.iter().map(Edit::detail).collect();
                format!("item \"{item}\": {}", parts.join("; "))
            }
            Change::UpdateEdited { action, old, new } => {
                format!("update of {action}: {old} -> {new}")
            }
            Change::Text { field, words } => {
                let (added, removed) = word_counts(words);
                let added = plural::count(added, "word");
                format!("{field}: {added} added, {removed} removed")
            }
            Change::AttendeeEdited { who, old, new } => {
                format!("attendee {who}: {} -> {}", or_none(old), or_none(new))
            }
            Change::AttendeeAdded { who, guest: true } => format!("guest {who} added"),
            Change::AttendeeAdded { who, .. } => format!("attendee {who} added"),
            Change::AttendeeRemoved { who, guest: true } => format!("guest {who} removed"),
            Change::AttendeeRemoved { who, .. } => format!("attendee {who} removed"),
            Change::LinkAdded { link, url } => format!("{link} link added: {url}"),
            Change::LinkRemoved { link, url } => format!("{link} link removed: {url}"),
            Change::LinkEdited { old, new, .. } => format!("link: {old} -> {new}"),
            other => other.summary(),
        }
    }
}

impl Edit {
    pub fn name(&self) -> &'static str {
        match self {
            Edit::Value { field, .. } | Edit::List { field, .. } => field,
            Edit::Notes { .. } => "notes",
        }
    }

    fn detail(&self) -> String {
        match self {
            Edit::Value {
                field: "discussed",
                new,
                ..
            } => match new.as_str() {
                "false" => "marked not discussed".to_string(),
                _ => "marked discussed".to_string(),
            },
            Edit::Value { field, old, new } => {
                format!("{field} {} -> {}", or_none(old), or_none(new))
            }
            Edit::Notes { words } => {
                let (added, removed) = word_counts(words);
                let added = plural::count(added, "word");
                format!("notes: {added} added, {removed} removed")
            }
            Edit::List {
                field,
                added,
                removed,
                changed,
            } => {
                let mut parts = Vec::new();
                for (n, what) in [
                    (added.len(), "added"),
                    (removed.len(), "removed"),
                    (changed.len(), "changed"),
                ] {
                    if n > 0 {
                        parts.push(format!("{n} {what}"));
                    }
                }
                format!("{field}: {}", parts.join(", "))
            }
        }
    }
}

fn or_none(text: &str) -> &str {
    if text.is_empty() { "(none)" } else { text }
}

/// `a`, `a and b`, `a, b and c`.
pub fn join_and(parts: &[&str]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A count-based summary when the list of phrases is too long for a line:
/// `2 items added, 3 edited, status draft -> final`.
pub fn counted(changes: &[Change]) -> String {
    let count = |f: fn(&Change) -> bool| changes.iter().filter(|c| f(c)).count();
    // The workflow step says most, so it comes first.
    let mut parts: Vec<String> = changes
        .iter()
        .filter(|c| {
            matches!(
                c,
                Change::Field {
                    field: "status",
                    ..
                }
            )
        })
        .map(Change::summary)
        .collect();
    let mut counted_items = false;
    for (n, what) in [
        (count(|c| matches!(c, Change::ItemAdded { .. })), "added"),
        (
            count(|c| matches!(c, Change::ItemRemoved { .. })),
            "removed",
        ),
        (count(|c| matches!(c, Change::ItemEdited { .. })), "edited"),
        (count(|c| matches!(c, Change::ItemMoved { .. })), "moved"),
    ] {
        if n > 0 {
            // "2 items added, 1 edited": the noun once.
            let counted = match counted_items {
                true => n.to_string(),
                false => plural::count(n, "item"),
            };
            counted_items = true;
            parts.push(format!("{counted} {what}"));
        }
    }
    let fields = count(|c| matches!(c, Change::Field { field, .. } if *field != "status"));
    if fields > 0 {
        parts.push(format!("{} changed", plural::count(fields, "field")));
    }
    let attendees = count(|c| {
        matches!(
            c,
            Change::AttendeeAdded { .. }
                | Change::AttendeeRemoved { .. }
                | Change::AttendeeEdited { .. }
        )
    });
    if attendees > 0 {
        parts.push(format!("{} changed", plural::count(attendees, "attendee")));
    }
    let links = count(|c| {
        matches!(
            c,
            Change::LinkAdded { .. } | Change::LinkRemoved { .. } | Change::LinkEdited { .. }
        )
    });
    if links > 0 {
        parts.push(format!("{} changed", plural::count(links, "link")));
    }
    parts.extend(
        changes
            .iter()
            .filter(|c| matches!(c, Change::Text { .. }))
            .map(Change::summary),
    );
    let updates = count(|c| {
        matches!(
            c,
            Change::UpdateAdded { .. } | Change::UpdateRemoved { .. } | Change::UpdateEdited { .. }
        )
    });
    if updates > 0 {
        parts.push(format!("{} changed", plural::count(updates, "update")));
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meeting(text: &str) -> Meeting {
        let mut m: Meeting = toml::from_str(text).unwrap();
        m.complete();
        m
    }

    const BASE: &str = r#"
schema = 1
date = 2025-01-28
status = "draft"
chair = "anna"

[[items]]
id = "a"
title = "First"
notes = "The cat sat on the mat."

[[items]]
id = "b"
title = "Second"
tags = ["x"]

[[items.actions]]
id = "a1"
task = "Write it"
"#;

    #[test]
    fn identical_meetings_have_no_changes() {
        assert!(meetings(&meeting(BASE), &meeting(BASE)).is_empty());
    }

    #[test]
    fn words_mark_what_changed() {
        let w = words("The cat sat on the mat.", "The dog sat on the mat today.");
        let shown: Vec<(Op, &str)> = w.iter().map(|w| (w.op, w.text.as_str())).collect();
        assert_eq!(
            shown,
            vec![
                (Op::Same, "The"),
                (Op::Removed, "cat"),
                (Op::Added, "dog"),
                (Op::Same, "sat on the"),
                (Op::Removed, "mat."),
                (Op::Added, "mat today."),
            ]
        );
        assert_eq!(word_counts(&w), (3, 2));
    }

    #[test]
    fn items_are_matched_by_id() {
        let new = BASE
            .replace("status = \"draft\"", "status = \"final\"")
            .replace("The cat", "The dog")
            .replace("tags = [\"x\"]", "tags = [\"y\"]")
            .replace(
                "task = \"Write it\"",
                "task = \"Write it\"\ndue = 2025-02-04",
            )
            + "\n[[items]]\nid = \"c\"\ntitle = \"Congo\"\n";
        let changes = meetings(&meeting(BASE), &meeting(&new));
        let summaries: Vec<String> = changes.iter().map(Change::summary).collect();
        assert_eq!(
            summaries,
            vec![
                "status draft -> final",
                "add item \"Congo\"",
                "notes of \"a\" edited",
                "tags and actions of \"b\" edited",
            ]
        );
        assert!(
            changes[3].detail().contains("actions: 1 changed"),
            "{}",
            changes[3].detail()
        );
    }

    #[test]
    fn a_reordered_item_is_a_move() {
        let (first, rest) = BASE.split_at(BASE.find("[[items]]\nid = \"b\"").unwrap());
        let swapped = format!(
            "{}{}\n{}",
            &first[..first.find("[[items]]").unwrap()],
            rest,
            &first[first.find("[[items]]").unwrap()..]
        );
        let changes = meetings(&meeting(BASE), &meeting(&swapped));
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert!(
            matches!(&changes[0], Change::ItemMoved { item, from: 1, to: 2, .. } if item == "a")
        );
    }

    #[test]
    fn removed_items_and_updates_are_named() {
        let new = BASE[..BASE.find("[[items]]\nid = \"b\"").unwrap()].to_string()
            + "[[updates]]\naction = \"2025-01-21#a1\"\nstatus = \"done\"\n";
        let summaries: Vec<String> = meetings(&meeting(BASE), &meeting(&new))
            .iter()
            .map(Change::summary)
            .collect();
        assert_eq!(
            summaries,
            vec!["remove item \"Second\"", "update 2025-01-21#a1: done"]
        );
    }

    #[test]
    fn a_new_meeting_adds_its_items() {
        let summaries: Vec<String> = created(&meeting(BASE))
            .iter()
            .map(Change::summary)
            .collect();
        assert_eq!(summaries, vec!["add item \"First\"", "add item \"Second\""]);
    }

    #[test]
    fn attendees_links_texts_and_undiscussed_items_are_named() {
        let new = BASE.replace(
            "chair = \"anna\"\n",
            "chair = \"anna\"\npreamble = \"Call-in details.\"\n\
             [[attendees]]\nname = \"Cy Guest\"\n[[attendees]]\nwho = \"anna\"\nrole = \"member\"\n\
             [[links]]\nkind = \"recording\"\nurl = \"https://example.org/r\"\n",
        )
        .replace("title = \"Second\"", "title = \"Second\"\ndiscussed = false")
        .replace(
            "notes = \"The cat sat on the mat.\"",
            "notes = \"The cat sat on the mat.\"\ndecisions = [{ text = \"Adopt it\", kind = \"resolution\" }]",
        );
        let changes = meetings(&meeting(BASE), &meeting(&new));
        let summaries: Vec<String> = changes.iter().map(Change::summary).collect();
        assert_eq!(
            summaries,
            vec![
                "add guest \"Cy Guest\"",
                "add attendee anna",
                "add recording link",
                "preamble edited",
                "decisions of \"a\" edited",
                "\"b\" marked not discussed",
            ]
        );
        assert!(
            changes[4].detail().contains("decisions: 1 added"),
            "{}",
            changes[4].detail()
        );
        assert_eq!(
            counted(&changes),
            "2 items edited, 2 attendees changed, 1 link changed, preamble edited"
        );
        let edited = new.replace("role = \"member\"", "role = \"observer\"");
        let changes = meetings(&meeting(&new), &meeting(&edited));
        assert_eq!(changes[0].detail(), "attendee anna: member -> observer");
    }

    #[test]
    fn many_changes_are_counted() {
        let changes = vec![
            Change::ItemAdded {
                item: "a".into(),
                title: "A".into(),
            },
            Change::ItemAdded {
                item: "b".into(),
                title: "B".into(),
            },
            Change::ItemEdited {
                item: "c".into(),
                title: "C".into(),
                edits: vec![],
            },
            Change::Field {
                field: "status",
                old: "agenda".into(),
                new: "draft".into(),
            },
        ];
        assert_eq!(
            counted(&changes),
            "status agenda -> draft, 2 items added, 1 edited"
        );
    }
}
