//! The rules of what a meeting may hold beyond the schema-1 header and
//! items: attendees and guests, its own times, links, a cancelled call,
//! sections and parts of items, references. Each is a method of
//! [`Rules`], reporting at the place of the value; none reads a file.

use std::collections::HashMap;

use super::Rules;
use crate::meeting::{Meeting, Ref, Status};

impl Rules<'_> {
    /// Each attendee is a handle or a guest; nobody is listed twice
    /// between `present` and `[[attendees]]`, or both there and in regrets.
    pub(super) fn attendees(&mut self) {
        let m = &self.record.meeting;
        let mut seen: HashMap<String, String> = HashMap::new();
        let mut listed: Vec<(String, String, String)> = Vec::new();
        for (i, who) in m.present.iter().enumerate() {
            listed.push((format!("present[{i}]"), who.clone(), format!("`{who}`")));
        }
        for (i, a) in m.attendees.iter().enumerate() {
            let path = format!("attendees[{i}]");
            match (&a.who, &a.name) {
                (Some(_), Some(_)) => {
                    self.error(
                        &format!("{path}.name"),
                        "an attendee is a handle of the roster (`who`) or a guest (`name`), not both".into(),
                        Some("keep `who` for a person of the roster, `name` for a guest".into()),
                    );
                }
                (None, None) => {
                    self.error(
                        &path,
                        format!("attendee {} names nobody", i + 1),
                        Some("add who = \"<handle>\" for a person of the roster, or name = \"...\" for a guest".into()),
                    );
                }
                (Some(who), None) => {
                    listed.push((format!("{path}.who"), who.clone(), format!("`{who}`")))
                }
                (None, Some(name)) => {
                    let key = format!("guest:{}", name.trim().to_lowercase());
                    listed.push((format!("{path}.name"), key, format!("\"{name}\"")));
                    self.known_guest(&format!("{path}.name"), name);
                }
            }
        }
        for (i, a) in m.attendees.iter().enumerate() {
            let Some(role) = a.role.as_deref() else {
                continue;
            };
            let lower = role.trim().to_lowercase();
            if crate::meeting::ROLES.contains(&lower.as_str()) {
                continue;
            }
            let roles = crate::meeting::ROLES.iter().copied();
            if let Some(close) = crate::diagnostic::did_you_mean(&lower, roles) {
                let help = format!(
                    "did you mean \"{close}\"? A role of the group's own words is fine, \
                     but only the known ones get a heading in each language"
                );
                self.warn(
                    &format!("attendees[{i}].role"),
                    format!("\"{role}\" is not a role the minutes know"),
                    Some(help),
                );
            }
        }
        for (path, key, shown) in listed.into_iter().filter(|(_, k, _)| !k.is_empty()) {
            if let Some(first) = seen.get(&key) {
                let help = format!(
                    "{shown} is listed at `{first}` already; keep one entry (an [[attendees]] entry can say the role)"
                );
                self.error(&path, format!("{shown} is listed twice"), Some(help));
            } else {
                seen.insert(key, path);
            }
        }
        for (i, handle) in m.regrets.iter().enumerate() {
            if seen.contains_key(handle) {
                let help = "keep the name in one of the two lists".to_string();
                self.warn(
                    &format!("regrets[{i}]"),
                    format!("`{handle}` is both present and sent regrets"),
                    Some(help),
                );
            }
        }
    }

    /// A guest whose name the roster knows is better written as a handle.
    fn known_guest(&mut self, path: &str, name: &str) {
        let Some(handle) = self.config.and_then(|c| c.handle_of(name)) else {
            return;
        };
        let help =
            format!("write who = \"{handle}\" instead of name, so that the roster's name is used");
        self.warn(
            path,
            format!("the guest \"{name}\" is in the roster as `{handle}`"),
            Some(help),
        );
    }

    /// This meeting's own start time, and the last day of a long meeting.
    pub(super) fn times(&mut self) {
        let m = &self.record.meeting;
        if let Some(start) = &m.start {
            if chrono::NaiveTime::parse_from_str(start.trim(), "%H:%M").is_err() {
                self.error(
                    "start",
                    format!("`{start}` is not a time of day"),
                    Some("write the local start as 24-hour HH:MM, e.g. \"08:00\"".into()),
                );
            }
        }
        if let Some(end) = m.end_date.filter(|end| *end < m.date) {
            let help = format!(
                "`end_date` is the last day of a meeting over several days: {} or later",
                m.date
            );
            self.error(
                "end_date",
                format!("the meeting ends on {end}, before it begins on {}", m.date),
                Some(help),
            );
        }
    }

    pub(super) fn links(&mut self) {
        let m = &self.record.meeting;
        for (i, link) in m.links.iter().enumerate() {
            if !is_web_address(&link.url) {
                self.error(
                    &format!("links[{i}].url"),
                    format!("`{}` is not a web address", link.url),
                    Some("write the whole address, starting with https://".into()),
                );
            }
        }
    }

    /// The call did not take place: nothing was noted or agreed in it.
    pub(super) fn cancelled(&mut self) {
        let m = &self.record.meeting;
        if m.status != Status::Cancelled {
            return;
        }
        let help = "a cancelled call has only its agenda; move what was said to the meeting \
                    where it was said, or set the status the meeting had";
        for (i, item) in m.items.iter().enumerate() {
            if !item.notes.trim().is_empty() {
                self.error(
                    &format!("items[{i}].notes"),
                    "a cancelled meeting has no notes".into(),
                    Some(help.into()),
                );
            }
            for j in 0..item.actions.len() {
                self.error(
                    &format!("items[{i}].actions[{j}]"),
                    "a cancelled meeting has no actions".into(),
                    Some(help.into()),
                );
            }
        }
    }

    /// Parents name another item of the meeting and make no cycle; the
    /// items of a section are listed together; an item that was not
    /// discussed decided nothing.
    pub(super) fn structure(&mut self) {
        let m = &self.record.meeting;
        let ids: Vec<&str> = m.items.iter().map(|i| i.id.as_str()).collect();
        for (i, item) in m.items.iter().enumerate() {
            let Some(parent) = item.parent.as_deref() else {
                continue;
            };
            let path = format!("items[{i}].parent");
            if parent == item.id {
                self.error(
                    &path,
                    format!("item `{parent}` names itself as its parent"),
                    Some("`parent` names the item this one is a part of".into()),
                );
            } else if !ids.contains(&parent) {
                let help = match crate::diagnostic::did_you_mean(parent, ids.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!("the items of this meeting are: {}", ids.join(", ")),
                };
                self.error(
                    &path,
                    format!("there is no item `{parent}` in this meeting"),
                    Some(help),
                );
            } else if let Some(cycle) = cycle_from(m, i) {
                self.error(
                    &path,
                    format!(
                        "the parents of the items go round in a circle: {}",
                        cycle.join(" -> ")
                    ),
                    Some("one item of the circle must have no parent".into()),
                );
            }
        }
        let mut ended: Vec<&str> = Vec::new();
        let mut current: Option<&str> = None;
        // A part of an item is filed with its parent.
        for (i, item) in m
            .items
            .iter()
            .enumerate()
            .filter(|(_, i)| i.parent.is_none())
        {
            let section = item.section.as_deref();
            if section != current {
                if let Some(section) = section.filter(|s| ended.contains(s)) {
                    self.warn(
                        &format!("items[{i}].section"),
                        format!(
                            "the section \"{section}\" began earlier, and other items came between"
                        ),
                        Some(
                            "list the items of a section together, or the heading is shown twice"
                                .into(),
                        ),
                    );
                }
                ended.extend(current);
                current = section;
            }
        }
        for (i, item) in m.items.iter().enumerate().filter(|(_, i)| !i.discussed) {
            if !item.decisions.is_empty() || !item.actions.is_empty() {
                self.warn(
                    &format!("items[{i}].discussed"),
                    format!(
                        "item `{}` was not discussed, yet has decisions or actions",
                        item.id
                    ),
                    Some("remove `discussed = false` if the item was discussed".into()),
                );
            }
        }
    }

    pub(super) fn refs(&mut self) {
        let m = &self.record.meeting;
        for (i, item) in m.items.iter().enumerate() {
            for (j, reference) in item.refs.iter().enumerate() {
                if Ref::parse(reference).is_none() {
                    self.error(
                        &format!("items[{i}].refs[{j}]"),
                        format!("`{reference}` is not an issue reference"),
                        Some(
                            "write owner/repo#123, or the whole address starting with https://"
                                .into(),
                        ),
                    );
                }
            }
        }
    }
}

/// An address a reader can open: http(s), or mail.
fn is_web_address(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["https://", "http://", "mailto:"]
        .iter()
        .any(|scheme| lower.len() > scheme.len() && lower.starts_with(scheme))
}

/// The circle of parents that item `start` belongs to, as ids from it back
/// to it; `None` when climbing from it reaches the top, or a circle it is
/// not part of.
fn cycle_from(m: &Meeting, start: usize) -> Option<Vec<String>> {
    let parent_of = |i: usize| {
        let parent = m.items[i].parent.as_deref()?;
        m.items.iter().position(|p| p.id == parent)
    };
    let mut path = vec![m.items[start].id.clone()];
    let mut at = parent_of(start)?;
    for _ in 0..m.items.len() {
        path.push(m.items[at].id.clone());
        if at == start {
            return Some(path);
        }
        at = parent_of(at)?;
    }
    None
}
