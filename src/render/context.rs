//! What a template sees: the meeting as its readers should meet it.
//!
//! Everything is prepared here, in plain values: people by display name,
//! dates and times in the readers' language, private items already left out
//! where the render is public (and items that were not discussed, in an
//! article), the open actions looked up in the meetings that agreed them.
//! The attendees come grouped by role with their affiliations, guests
//! included; items come in reading order, sub-items after their parent,
//! each with the section heading it opens and the level of its heading;
//! references come as links on the archive's forge, typed decisions with
//! their label. Optional values are present as `none`, so that a strict
//! template can test them; Markdown notes stay Markdown (the `markdown`
//! filter turns them into the output format).

use serde::Serialize;

use crate::archive::Archive;
use crate::config::Config;
use crate::error::Result;
use crate::id::MeetingId;
use crate::meeting::{ActionStatus, Attendee, Decision, Item, Link, Meeting, ROLES, Source};

use super::phrases::Phrases;

#[derive(Serialize)]
pub struct Context {
    pub lang: String,
    pub format: &'static str,
    pub archive: ArchiveView,
    pub meeting: MeetingView,
    /// The rendered items in reading order.
    pub items: Vec<ItemView>,
    /// The same items as the agenda lists them: by section, sub-items
    /// under their parent.
    pub agenda: Vec<AgendaSection>,
    /// Every decision of the rendered items, in order.
    pub decisions: Vec<DecisionView>,
    /// Every action of the rendered items, in order.
    pub actions: Vec<ActionView>,
    /// The meeting's updates that leave an earlier action open.
    pub open_actions: Vec<OpenAction>,
    /// Minutes timeboxed by the rendered items.
    pub total: u32,
    /// By how many minutes the timeboxes exceed the call, if they do.
    pub over: Option<i64>,
    pub published: Published,
    /// The phrase table: `{{ t.present }}`.
    pub t: std::collections::BTreeMap<String, String>,
}

#[derive(Serialize)]
pub struct ArchiveView {
    pub title: String,
    pub venue: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
}

impl ArchiveView {
    pub fn of(archive: &Archive) -> ArchiveView {
        let config = &archive.config;
        ArchiveView {
            title: config.archive.title.clone(),
            venue: config.publication.venue.clone(),
            author: config.publication.author.clone(),
            url: config.publication.url.clone(),
        }
    }
}

#[derive(Serialize)]
pub struct MeetingView {
    pub id: String,
    pub iso_date: String,
    pub date: String,
    pub date_full: String,
    pub weekday: String,
    pub title: Option<String>,
    /// The title, else the first public item's title, else the archive's.
    pub headline: String,
    pub status: &'static str,
    /// The series' display name (the archive's title when unknown).
    pub series: String,
    pub start: Option<String>,
    pub end: Option<String>,
    /// "CET"; with `start`.
    pub zone: Option<String>,
    /// The length of a call of the series, in minutes.
    pub duration: Option<i64>,
    /// The chairs' names, joined; none when nobody chaired.
    pub chair: Option<String>,
    pub scribe: Option<String>,
    pub chairs: Vec<String>,
    pub scribes: Vec<String>,
    /// The names of everyone present, guests included.
    pub present: Vec<String>,
    pub regrets: Vec<String>,
    /// The call did not take place.
    pub cancelled: bool,
    /// The date, or the first and last day of a meeting over several days.
    pub dates: String,
    /// The last day of a meeting over several days.
    pub end_date: Option<String>,
    /// Everyone present, grouped by role: those without one first (their
    /// label is "Present"), then members, the group's own roles as first
    /// met, alternates, observers, invited, guests.
    pub attendance: Vec<GroupView>,
    /// The attendees who are not in the roster.
    pub guests: Vec<PersonView>,
    pub links: Vec<LinkView>,
    /// Markdown before the first item, and after the last.
    pub preamble: String,
    pub postscript: String,
    /// Whether the items are filed under sections.
    pub sections: bool,
}

#[derive(Serialize)]
pub struct GroupView {
    /// The role as written; none for those present without one.
    pub role: Option<String>,
    /// "Members", "Observers" ...: the phrase of a known role, else the
    /// role itself.
    pub label: String,
    pub people: Vec<PersonView>,
}

#[derive(Clone, Serialize)]
pub struct PersonView {
    pub name: String,
    pub handle: Option<String>,
    pub affiliation: Option<String>,
    pub note: Option<String>,
    pub guest: bool,
    /// "Affiliation; note", when there is either.
    pub details: Option<String>,
    /// "Name (Affiliation; note)", as a list shows it.
    pub text: String,
    /// The person's page, from the roster's accounts.
    pub href: Option<String>,
}

#[derive(Serialize)]
pub struct LinkView {
    pub kind: &'static str,
    /// The link's label, else the phrase of its kind ("Recording").
    pub label: String,
    pub url: String,
    /// The url when it is safe to link.
    pub href: Option<String>,
}

#[derive(Serialize)]
pub struct RefView {
    /// `owner/repo#N`, or the address.
    pub text: String,
    pub href: Option<String>,
}

#[derive(Clone, Serialize)]
pub struct TypedDecision {
    pub text: String,
    pub kind: Option<&'static str>,
    /// "Resolution", in the readers' language; none for a plain decision.
    pub label: Option<String>,
}

#[derive(Serialize)]
pub struct AgendaSection {
    /// The section heading; none for items filed under none.
    pub title: Option<String>,
    pub entries: Vec<AgendaEntry>,
}

#[derive(Serialize)]
pub struct AgendaEntry {
    pub id: String,
    pub title: String,
    pub outline: String,
    pub private: bool,
    pub discussed: bool,
    pub children: Vec<AgendaEntry>,
}

#[derive(Serialize)]
pub struct ItemView {
    pub id: String,
    /// The place of the item among those rendered, from 1.
    pub number: usize,
    /// "2", or "2.1" for the first part of item 2.
    pub outline: String,
    /// 0 for a top-level item, 1 for its parts ...
    pub depth: usize,
    /// The level of the item's heading: 2, one more under sections and
    /// for each step of depth, at most 6.
    pub level: usize,
    /// The level of the headings inside the item (sources, decisions ...).
    pub sublevel: usize,
    /// The section the item is filed under (a sub-item: its parent's).
    pub section: Option<String>,
    /// The section heading this item opens, if it is the first of one.
    pub section_start: Option<String>,
    pub parent: Option<String>,
    /// False when the item was listed but not discussed.
    pub discussed: bool,
    pub refs: Vec<RefView>,
    pub title: String,
    pub lead: Option<String>,
    /// How prose introduces the item: its lead, else its title in quotes.
    pub intro: String,
    pub presenter: Option<String>,
    pub timebox: Option<u32>,
    pub private: bool,
    pub tags: Vec<String>,
    pub notes: String,
    /// Each decision as text, with its label where it has a kind:
    /// "Resolution: ...".
    pub decisions: Vec<String>,
    /// The decisions with their kind and label apart.
    pub typed_decisions: Vec<TypedDecision>,
    pub sources: Vec<SourceView>,
    pub actions: Vec<ActionView>,
}

#[derive(Serialize)]
pub struct SourceView {
    pub title: String,
    /// "Nick Bostrom, Oxford University Press, 2014".
    pub by: Option<String>,
    pub kind: Option<String>,
    pub url: Option<String>,
    /// The url when it is safe to link (http, https, mailto).
    pub href: Option<String>,
}

#[derive(Clone, Serialize)]
pub struct ActionView {
    pub id: String,
    /// `2025-01-28#a1`, as later meetings refer to it.
    #[serde(rename = "ref")]
    pub reference: String,
    pub task: String,
    pub owner: Option<String>,
    pub due: Option<String>,
    pub item: String,
    pub anchor: String,
}

#[derive(Serialize)]
pub struct DecisionView {
    pub text: String,
    pub kind: Option<&'static str>,
    pub label: Option<String>,
    pub item: String,
    pub anchor: String,
}

#[derive(Serialize)]
pub struct OpenAction {
    #[serde(rename = "ref")]
    pub reference: String,
    /// The task as agreed; none when the earlier meeting cannot be read.
    pub task: Option<String>,
    pub owner: Option<String>,
    pub due: Option<String>,
    pub note: Option<String>,
}

#[derive(Serialize)]
pub struct Published {
    pub date: String,
    pub venue: Option<String>,
    /// Set when the text is a translation.
    pub translator: Option<String>,
}

/// What the context is built from.
pub struct Input<'a> {
    pub archive: &'a Archive,
    pub id: &'a MeetingId,
    /// The meeting, translated where there is an overlay.
    pub meeting: &'a Meeting,
    pub phrases: &'a Phrases,
    pub format: &'static str,
    pub translator: Option<String>,
    /// Leave private items out.
    pub public: bool,
    /// Leave out the items that were not discussed (an article does).
    pub discussed_only: bool,
}

pub fn build(input: &Input<'_>) -> Result<Context> {
    let Input {
        archive, phrases, ..
    } = input;
    let config = &archive.config;
    let mut shown = input.meeting.clone();
    shown
        .items
        .retain(|i| (i.discussed || !input.discussed_only) && !(i.private && input.public));
    let meeting = &shown;
    let names = |handles: &[String]| -> Vec<String> {
        handles
            .iter()
            .filter(|h| !h.is_empty())
            .map(|h| config.person(h).to_string())
            .collect()
    };
    let order = meeting.outline();
    let items: Vec<ItemView> = items_in_order(input, meeting, &order)?;
    let series = config.series_named(meeting.series.as_deref()).ok();
    let own_start = meeting
        .start
        .as_deref()
        .and_then(|s| chrono::NaiveTime::parse_from_str(s.trim(), "%H:%M").ok());
    let times = series.map(|(_, _, schedule)| {
        let minutes = schedule.duration_minutes(meeting.date);
        let start = match own_start {
            Some(at) => schedule.starts_at_time(meeting.date, at),
            None => schedule.starts_at(meeting.date),
        };
        (start, start + chrono::Duration::minutes(minutes), minutes)
    });
    let total = items.iter().filter_map(|i| i.timebox).sum();
    let duration = times.map(|(_, _, d)| d);
    let chairs = names(&meeting.chair);
    let scribes = names(&meeting.scribe);
    let joined = |list: &[String]| (!list.is_empty()).then(|| list.join(", "));
    let people: Vec<(PersonView, Option<String>)> = meeting
        .attendance()
        .iter()
        .filter(|a| a.who.as_deref().is_none_or(|w| !w.is_empty()))
        .map(|a| person_view(config, a))
        .collect();
    let end_date = meeting.end_date.filter(|end| *end > meeting.date);
    let dates = match end_date {
        Some(end) => phrases
            .fill("date_range", |name| match name {
                "from" => Some(phrases.date_full(meeting.date)),
                "to" => Some(phrases.date_full(end)),
                _ => None,
            })
            .map_err(crate::error::Error::failed)?,
        None => phrases.date_full(meeting.date),
    };
    Ok(Context {
        lang: phrases.lang.clone(),
        format: input.format,
        archive: ArchiveView::of(archive),
        meeting: MeetingView {
            id: input.id.to_string(),
            iso_date: meeting.date.to_string(),
            date: phrases.date(meeting.date),
            date_full: phrases.date_full(meeting.date),
            weekday: phrases.weekday(meeting.date),
            title: meeting.title.clone(),
            headline: meeting
                .headline()
                .unwrap_or(&config.archive.title)
                .to_string(),
            status: meeting.status.as_str(),
            series: series
                .map(|(name, s, _)| s.name.clone().unwrap_or_else(|| name.to_string()))
                .unwrap_or_else(|| config.archive.title.clone()),
            start: times.map(|(s, _, _)| phrases.time(s)),
            end: times.map(|(_, e, _)| phrases.time(e)),
            zone: times.map(|(s, _, _)| s.format("%Z").to_string()),
            duration,
            chair: joined(&chairs),
            scribe: joined(&scribes),
            chairs,
            scribes,
            present: people.iter().map(|(p, _)| p.name.clone()).collect(),
            regrets: names(&meeting.regrets),
            cancelled: meeting.status == crate::meeting::Status::Cancelled,
            dates,
            end_date: end_date.map(|d| phrases.date_full(d)),
            attendance: groups(phrases, &people),
            guests: people
                .iter()
                .filter(|(p, _)| p.guest)
                .map(|(p, _)| p.clone())
                .collect(),
            links: meeting
                .links
                .iter()
                .map(|l| link_view(phrases, l))
                .collect(),
            preamble: meeting.preamble.trim().to_string(),
            postscript: meeting.postscript.trim().to_string(),
            sections: items.iter().any(|i| i.section.is_some()),
        },
        decisions: items
            .iter()
            .flat_map(|i| {
                i.typed_decisions.iter().map(|d| DecisionView {
                    text: d.text.clone(),
                    kind: d.kind,
                    label: d.label.clone(),
                    item: i.title.clone(),
                    anchor: i.id.clone(),
                })
            })
            .collect(),
        actions: items
            .iter()
            .flat_map(|i| i.actions.iter().cloned())
            .collect(),
        open_actions: open_actions(input),
        total,
        over: duration
            .map(|d| i64::from(total) - d)
            .filter(|over| *over > 0),
        published: Published {
            date: phrases.date(
                meeting
                    .publication
                    .as_ref()
                    .and_then(|p| p.date)
                    .unwrap_or(meeting.date),
            ),
            venue: config.publication.venue.clone(),
            translator: input.translator.clone(),
        },
        agenda: agenda(&items),
        items,
        t: phrases.table.clone(),
    })
}

/// The items of `meeting` in the reading order `order` (index, depth),
/// numbered as an outline, with their sections and heading levels.
fn items_in_order(
    input: &Input<'_>,
    meeting: &Meeting,
    order: &[(usize, usize)],
) -> Result<Vec<ItemView>> {
    let sections = meeting.items.iter().any(|i| i.section.is_some());
    let mut out: Vec<ItemView> = Vec::with_capacity(order.len());
    // The outline number and section of the last item seen at each depth.
    let mut counters: Vec<usize> = Vec::new();
    let mut trail: Vec<(String, Option<String>)> = Vec::new();
    let mut current: Option<String> = None;
    for (n, &(index, depth)) in order.iter().enumerate() {
        let item = &meeting.items[index];
        counters.truncate(depth + 1);
        counters.resize(depth + 1, 0);
        counters[depth] += 1;
        trail.truncate(depth);
        let outline = match trail.last() {
            Some((parent, _)) => format!("{parent}.{}", counters[depth]),
            None => counters[depth].to_string(),
        };
        let section = item
            .section
            .clone()
            .or_else(|| trail.last().and_then(|(_, s)| s.clone()));
        trail.push((outline.clone(), section.clone()));
        let section_start = (section.is_some() && section != current)
            .then(|| section.clone())
            .flatten();
        current.clone_from(&section);
        let mut view = item_view(input, n + 1, item)?;
        view.level = (2 + usize::from(sections) + depth).min(6);
        view.sublevel = (view.level + 1).min(6);
        view.outline = outline;
        view.depth = depth;
        view.section = section;
        view.section_start = section_start;
        out.push(view);
    }
    Ok(out)
}

/// The agenda: the items grouped by the sections they open, each part
/// under its parent.
fn agenda(items: &[ItemView]) -> Vec<AgendaSection> {
    let mut sections: Vec<AgendaSection> = Vec::new();
    for item in items {
        let entry = AgendaEntry {
            id: item.id.clone(),
            title: item.title.clone(),
            outline: item.outline.clone(),
            private: item.private,
            discussed: item.discussed,
            children: Vec::new(),
        };
        if sections.is_empty() || (item.depth == 0 && item.section_start.is_some()) {
            sections.push(AgendaSection {
                title: item.section_start.clone(),
                entries: Vec::new(),
            });
        }
        let Some(section) = sections.last_mut() else {
            continue;
        };
        let mut list = &mut section.entries;
        for _ in 0..item.depth {
            if list.is_empty() {
                break;
            }
            let last = list.len() - 1;
            list = &mut list[last].children;
        }
        list.push(entry);
    }
    sections
}

/// A person at the meeting, and the role they came with (the meeting's,
/// else the roster's).
fn person_view(config: &Config, a: &Attendee) -> (PersonView, Option<String>) {
    let roster = a.who.as_deref().and_then(|w| config.people.get(w));
    let name = match (&a.who, &a.name) {
        (Some(who), _) => config.person(who).to_string(),
        (None, Some(name)) => name.clone(),
        (None, None) => String::new(),
    };
    let affiliation = a
        .affiliation
        .clone()
        .or_else(|| roster.and_then(|p| p.affiliation.clone()));
    let role = a
        .role
        .clone()
        .or_else(|| roster.and_then(|p| p.role.clone()));
    let details: Vec<&str> = [affiliation.as_deref(), a.note.as_deref()]
        .into_iter()
        .flatten()
        .filter(|d| !d.trim().is_empty())
        .collect();
    let details = (!details.is_empty()).then(|| details.join("; "));
    let text = match &details {
        None => name.clone(),
        Some(details) => format!("{name} ({details})"),
    };
    let view = PersonView {
        name,
        handle: a.who.clone(),
        affiliation,
        note: a.note.clone(),
        guest: a.is_guest(),
        details,
        text,
        href: roster
            .and_then(|p| p.github.as_deref())
            .map(|g| format!("https://github.com/{g}")),
    };
    // A guest without a role is a guest.
    let role = role.or_else(|| a.is_guest().then(|| "guest".to_string()));
    (view, role)
}

/// The people grouped by role: no role first, then members, the group's
/// own roles as first met, then the other known roles in their order.
fn groups(phrases: &Phrases, people: &[(PersonView, Option<String>)]) -> Vec<GroupView> {
    let key = |role: &Option<String>| role.as_deref().map(|r| r.trim().to_lowercase());
    let mut roles: Vec<Option<String>> = Vec::new();
    for (_, role) in people {
        if !roles.iter().any(|r| key(r) == key(role)) {
            roles.push(role.clone());
        }
    }
    // The group's own roles are most often kinds of membership ("voting
    // member"): they come right after the members.
    let rank = |role: &Option<String>| match key(role) {
        None => 0,
        Some(r) => ROLES
            .iter()
            .position(|k| *k == r)
            .map_or(2, |p| if p == 0 { 1 } else { p + 2 }),
    };
    // A stable sort keeps the group's own roles in the order first met.
    roles.sort_by_key(rank);
    roles
        .into_iter()
        .map(|role| {
            let label = match key(&role) {
                None => phrases.table.get("present").cloned().unwrap_or_default(),
                Some(r) => phrases
                    .table
                    .get(&format!("role_{r}"))
                    .cloned()
                    .unwrap_or_else(|| capitalized(role.as_deref().unwrap_or_default())),
            };
            GroupView {
                label,
                people: people
                    .iter()
                    .filter(|(_, r)| key(r) == key(&role))
                    .map(|(p, _)| p.clone())
                    .collect(),
                role,
            }
        })
        .collect()
}

fn capitalized(text: &str) -> String {
    let text = text.trim();
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn link_view(phrases: &Phrases, link: &Link) -> LinkView {
    let kind = link.kind.as_str();
    let label = link.label.clone().unwrap_or_else(|| {
        let key = format!("link_{}", kind.replace('-', "_"));
        phrases
            .table
            .get(&key)
            .cloned()
            .unwrap_or_else(|| capitalized(kind))
    });
    LinkView {
        kind,
        label,
        url: link.url.clone(),
        href: Some(link.url.clone()).filter(|u| linkable(u)),
    }
}

fn typed_decision(phrases: &Phrases, d: &Decision) -> TypedDecision {
    TypedDecision {
        text: d.text.clone(),
        kind: d.kind.map(|k| k.as_str()),
        label: d.kind.map(|k| {
            let key = format!("decision_{}", k.as_str());
            phrases
                .table
                .get(&key)
                .cloned()
                .unwrap_or_else(|| capitalized(k.as_str()))
        }),
    }
}

fn item_view(input: &Input<'_>, number: usize, item: &Item) -> Result<ItemView> {
    let config = &input.archive.config;
    let intro = match &item.lead {
        Some(lead) => lead.clone(),
        None => input
            .phrases
            .fill("quoted", |name| {
                (name == "text").then(|| item.title.clone())
            })
            .map_err(crate::error::Error::failed)?,
    };
    let typed: Vec<TypedDecision> = item
        .decisions
        .iter()
        .map(|d| typed_decision(input.phrases, d))
        .collect();
    Ok(ItemView {
        id: item.id.clone(),
        number,
        outline: number.to_string(),
        depth: 0,
        level: 2,
        sublevel: 3,
        section: item.section.clone(),
        section_start: None,
        parent: item.parent.clone(),
        discussed: item.discussed,
        refs: item
            .refs
            .iter()
            .map(|r| match config.resolve_ref(r) {
                Some(target) => RefView {
                    text: target.key,
                    href: Some(target.href).filter(|h| linkable(h)),
                },
                None => RefView {
                    text: r.clone(),
                    href: None,
                },
            })
            .collect(),
        title: item.title.clone(),
        lead: item.lead.clone(),
        intro,
        presenter: item
            .presenter
            .as_deref()
            .map(|p| config.person(p).to_string()),
        timebox: item.timebox,
        private: item.private,
        tags: item.tags.clone(),
        notes: item.notes.trim().to_string(),
        decisions: typed
            .iter()
            .map(|d| match &d.label {
                Some(label) => format!("{label}: {}", d.text),
                None => d.text.clone(),
            })
            .collect(),
        typed_decisions: typed,
        sources: item.sources.iter().map(source_view).collect(),
        actions: item
            .actions
            .iter()
            .map(|a| ActionView {
                id: a.id.clone(),
                reference: format!("{}#{}", input.id, a.id),
                task: a.task.clone(),
                owner: a.owner.as_deref().map(|o| config.person(o).to_string()),
                due: a.due.map(|d| input.phrases.date(d)),
                item: item.title.clone(),
                anchor: item.id.clone(),
            })
            .collect(),
    })
}

/// A source as pages cite it.
pub fn source_view(s: &Source) -> SourceView {
    let year = s.year.map(|y| y.to_string());
    let by: Vec<&str> = [s.author.as_deref(), s.publisher.as_deref(), year.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    SourceView {
        title: s.title.clone(),
        by: (!by.is_empty()).then(|| by.join(", ")),
        kind: s.kind.clone(),
        url: s.url.clone(),
        href: s.url.clone().filter(|u| linkable(u)),
    }
}

/// Only these links become `href`s: nothing that runs (`javascript:`).
fn linkable(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    ["https://", "http://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

/// The updates that leave an action open, with the action as agreed.
fn open_actions(input: &Input<'_>) -> Vec<OpenAction> {
    let config = &input.archive.config;
    input
        .meeting
        .updates
        .iter()
        .filter(|u| u.status == ActionStatus::Open)
        .map(|update| {
            let agreed = update.action.split_once('#').and_then(|(meeting, action)| {
                let id = MeetingId::parse(meeting).ok()?;
                let record = input.archive.load(&id).ok()?;
                record
                    .meeting
                    .items
                    .iter()
                    .flat_map(|i| &i.actions)
                    .find(|a| a.id == action)
                    .cloned()
            });
            OpenAction {
                reference: update.action.clone(),
                task: agreed.as_ref().map(|a| a.task.clone()),
                owner: agreed
                    .as_ref()
                    .and_then(|a| a.owner.as_deref())
                    .map(|o| config.person(o).to_string()),
                due: agreed
                    .as_ref()
                    .and_then(|a| a.due)
                    .map(|d| input.phrases.date(d)),
                note: update.note.clone(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_harmless_links_are_linked() {
        assert!(super::linkable("https://example.org"));
        assert!(super::linkable("mailto:a@example.org"));
        assert!(!super::linkable("javascript:alert(1)"));
        assert!(!super::linkable(" JavaScript:alert(1)"));
        assert!(!super::linkable("data:text/html,x"));
    }
}
