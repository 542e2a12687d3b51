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
//!
//! The page is in one language (`lang`, see `language`): whatever a
//! translation leaves as written carries that language (`item.lang`,
//! `meeting.title_lang` ..., and `original` for the parts no translation
//! holds, such as the tasks of actions), so that a template can mark it.
//! Each item comes with the phrase that introduces it in prose (`frame`),
//! chosen by its place: the first, one of the middle ones in turn, the
//! last; by its title where it has no lead. Dates say what they are: a
//! publication date only for a published meeting.

use serde::Serialize;

use crate::archive::Archive;
use crate::config::{Config, Page};
use crate::error::Result;
use crate::id::{Lang, MeetingId};
use crate::meeting::{
    ActionStatus, Attendee, Decision, Item, Link, Meeting, ROLES, Source, Status,
};
use crate::permalink;

use super::language::Text;
use super::phrases::{Phrases, capital};

#[derive(Serialize)]
pub struct Context {
    /// The language of the page.
    pub lang: String,
    /// The language the meeting was written in, when the page is in
    /// another: what no translation holds (tasks, notes of updates) is in it.
    pub original: Option<String>,
    /// Said in the readers' language when the page, or a part of it,
    /// cannot be in it.
    pub notice: Option<Notice>,
    /// The meeting is not published: the page must not look as if it were.
    pub draft: bool,
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
    /// Every earlier action the meeting reviewed (its updates), with what
    /// became of it.
    pub reviewed: Vec<Review>,
    /// What an article adds: byline, dateline, description, sources.
    pub article: ArticleView,
    /// Minutes timeboxed by the rendered items.
    pub total: u32,
    /// By how many minutes the timeboxes exceed the call, if they do.
    pub over: Option<i64>,
    pub published: Published,
    /// The phrase table: `{{ t.present }}`.
    pub t: std::collections::BTreeMap<String, String>,
    /// Where the page stands in the site; absent outside `minutes site`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site: Option<super::site::SiteView>,
}

#[derive(Serialize)]
pub struct ArchiveView {
    pub title: String,
    pub venue: Option<String>,
    /// The author's name in the page's language where minutes.toml gives
    /// one (`authors`), else as written.
    pub author: Option<String>,
    /// The language of `author` when it is not the page's.
    pub author_lang: Option<String>,
    pub url: Option<String>,
    /// The paper pages print on, as CSS names it: "A4", "letter".
    pub paper: &'static str,
}

impl ArchiveView {
    /// The archive as a page in `lang` shows it.
    pub fn of(archive: &Archive, lang: &str) -> ArchiveView {
        let config = &archive.config;
        let own = config.language();
        let (author, author_lang) = match config.publication.authors.get(lang) {
            Some(name) => (Some(name.clone()), None),
            None => (
                config.publication.author.clone(),
                (lang != own.as_str()).then(|| own.to_string()),
            ),
        };
        ArchiveView {
            title: config.archive.title.clone(),
            venue: config.publication.venue.clone(),
            author,
            author_lang,
            url: config.publication.url.clone(),
            paper: config.paper(),
        }
    }
}

/// A sentence in the readers' language on a page in another.
#[derive(Clone, Debug, Serialize)]
pub struct Notice {
    pub text: String,
    pub lang: String,
}

#[derive(Serialize)]
pub struct ArticleView {
    /// "By Tuesday study group", when the archive names an author.
    pub byline: Option<String>,
    /// The date of the call, as a line starts with it.
    pub dateline: String,
    /// The first sentence of the text, for `<meta name="description">`.
    pub description: String,
    /// The page's address, for a published meeting of an archive with
    /// `publication.url`: where the site puts its article (`permalink`).
    pub canonical: Option<String>,
    /// "de_DE", for Open Graph.
    pub locale: String,
    /// The sources of the items, each once, in order.
    pub sources: Vec<SourceView>,
}

#[derive(Serialize)]
pub struct MeetingView {
    pub id: String,
    pub iso_date: String,
    pub date: String,
    pub date_full: String,
    pub weekday: String,
    pub title: Option<String>,
    /// The original language of the title, when it is untranslated.
    pub title_lang: Option<String>,
    /// The title, else the first public item's title, else the archive's.
    pub headline: String,
    pub headline_lang: Option<String>,
    pub status: &'static str,
    /// The status in the readers' words.
    pub status_label: String,
    /// The call has taken place (not an agenda, not cancelled).
    pub held: bool,
    /// The series' display name in the page's language (the archive's
    /// title when unknown).
    pub series: String,
    /// The language of `series` when no name in the page's language exists.
    pub series_lang: Option<String>,
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
    /// Everyone present, in the order the meeting lists them.
    pub attendees: Vec<PersonView>,
    /// Where an imported meeting came from: its profile's template lays it
    /// out as the era of the group's template did.
    pub origin: Option<crate::meeting::Origin>,
    pub links: Vec<LinkView>,
    /// Markdown before the first item, and after the last.
    pub preamble: String,
    pub postscript: String,
    pub preamble_lang: Option<String>,
    pub postscript_lang: Option<String>,
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
    /// The role they came with (the meeting's, else the roster's).
    pub role: Option<String>,
    /// Their GitHub account, from the roster.
    pub github: Option<String>,
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
    /// The phrase that introduces the item in an article, by its place:
    /// `opening`, `transition`, `transition_2` ..., `closing`; with
    /// `_titled` where the item has no lead in the page's language.
    pub frame: String,
    /// The item's language, when it is shown untranslated on a page in
    /// another.
    pub lang: Option<String>,
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

#[derive(Clone, Serialize)]
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

/// An earlier action the meeting reviewed.
#[derive(Serialize)]
pub struct Review {
    #[serde(rename = "ref")]
    pub reference: String,
    /// The task as agreed; none when the earlier meeting cannot be read.
    pub task: Option<String>,
    pub owner: Option<String>,
    pub due: Option<String>,
    /// `open`, `done` or `dropped`: for a CSS class.
    pub state: &'static str,
    /// The state in the readers' words.
    pub status: String,
    pub note: Option<String>,
}

#[derive(Serialize)]
pub struct Published {
    /// The publication date of a published meeting; none for any other.
    pub date: Option<String>,
    /// The same date as `2025-01-28`, for `<time datetime>`.
    pub iso_date: Option<String>,
    pub venue: Option<String>,
    /// Set when the text is a translation.
    pub translator: Option<String>,
}

/// What the context is built from.
pub struct Input<'a> {
    pub archive: &'a Archive,
    pub id: &'a MeetingId,
    /// The meeting in the page's language, and what the translation lacks.
    pub text: &'a Text,
    /// The phrases of the page's language.
    pub phrases: &'a Phrases,
    pub format: &'static str,
    /// Leave private items out.
    pub public: bool,
    /// Leave out the items that were not discussed (an article does).
    pub discussed_only: bool,
    /// Look up the actions that the meeting's updates leave open (in the
    /// files of the meetings that agreed them); a site's pages, which show
    /// none, do without.
    pub open_actions: bool,
}

pub fn build(input: &Input<'_>) -> Result<Context> {
    let Input {
        archive, phrases, ..
    } = input;
    let config = &archive.config;
    let mut shown = input.text.meeting.clone();
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
    let own = config.language();
    // Marks a part written in the original on a page in another language.
    let original = (input.text.lang != own).then(|| own.to_string());
    let untranslated = |gap: bool| original.clone().filter(|_| gap);
    let order = meeting.outline();
    let items: Vec<ItemView> = items_in_order(input, meeting, &order, original.as_deref())?;
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
    let (series_name, series_lang) = match series {
        Some((key, s, _)) => {
            let written = s.name.clone().unwrap_or_else(|| key.to_string());
            match s.names.get(phrases.lang.as_str()) {
                Some(name) => (name.clone(), None),
                None => (written, original.clone()),
            }
        }
        None => (config.archive.title.clone(), original.clone()),
    };
    let gaps = &input.text.gaps;
    let headline_lang = match &meeting.title {
        Some(_) => untranslated(gaps.title),
        None if meeting.status == Status::Cancelled => series_lang.clone(),
        None => meeting
            .public_items()
            .next()
            .and_then(|first| untranslated(gaps.items.contains(&first.id))),
    };
    let status = meeting.status;
    let published = (status == Status::Published)
        .then(|| meeting.publication.as_ref().and_then(|p| p.date))
        .flatten();
    let weekday = phrases.weekday(meeting.date);
    let description = first_sentence(
        phrases,
        &weekday,
        items.first().map(|first| {
            (
                first.frame.as_str(),
                first.intro.as_str(),
                first.title.as_str(),
            )
        }),
        meeting.headline().unwrap_or(&config.archive.title),
    )?;
    let article = ArticleView {
        byline: ArchiveView::of(archive, &phrases.lang)
            .author
            .map(|author| phrases.fill("by", |_| Some(author.clone())))
            .transpose()
            .map_err(crate::error::Error::failed)?,
        dateline: capital(&phrases.date_full(meeting.date)),
        description,
        canonical: published
            .and_then(|_| {
                let lang: Lang = phrases.lang.parse().ok()?;
                let page = permalink::page(config, input.id, meeting, &lang, Page::Article);
                permalink::address(config, &page)
            })
            .filter(|url| linkable(url)),
        locale: phrases.table.get("locale").cloned().unwrap_or_default(),
        sources: unique_sources(&items),
    };
    Ok(Context {
        lang: phrases.lang.clone(),
        original: original.clone(),
        // The caller knows what the page lacks once it is built.
        notice: None,
        draft: status != Status::Published,
        format: input.format,
        archive: ArchiveView::of(archive, &phrases.lang),
        meeting: MeetingView {
            id: input.id.to_string(),
            iso_date: meeting.date.to_string(),
            date: phrases.date(meeting.date),
            date_full: phrases.date_full(meeting.date),
            weekday,
            title: meeting.title.clone(),
            title_lang: untranslated(gaps.title && meeting.title.is_some()),
            headline: match (&meeting.title, status) {
                // A call that did not take place has no item to head it.
                (None, Status::Cancelled) => series_name.clone(),
                _ => meeting
                    .headline()
                    .unwrap_or(&config.archive.title)
                    .to_string(),
            },
            headline_lang,
            status: status.as_str(),
            status_label: phrases
                .fill(&format!("status_{}", status.as_str()), |_| None)
                .map_err(crate::error::Error::failed)?,
            held: status.is_held(),
            series: series_name,
            series_lang,
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
            cancelled: status == Status::Cancelled,
            dates,
            end_date: end_date.map(|d| phrases.date_full(d)),
            attendance: groups(phrases, &people),
            guests: people
                .iter()
                .filter(|(p, _)| p.guest)
                .map(|(p, _)| p.clone())
                .collect(),
            attendees: people.iter().map(|(p, _)| p.clone()).collect(),
            origin: meeting.origin.clone(),
            links: meeting
                .links
                .iter()
                .map(|l| link_view(phrases, l))
                .collect(),
            preamble: meeting.preamble.trim().to_string(),
            postscript: meeting.postscript.trim().to_string(),
            preamble_lang: untranslated(gaps.preamble),
            postscript_lang: untranslated(gaps.postscript),
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
        open_actions: if input.open_actions {
            open_actions(input)
        } else {
            Vec::new()
        },
        reviewed: reviewed(input)?,
        article,
        total,
        over: duration
            .map(|d| i64::from(total) - d)
            .filter(|over| *over > 0),
        published: Published {
            date: published.map(|d| phrases.date(d)),
            iso_date: published.map(|d| d.to_string()),
            venue: config.publication.venue.clone(),
            translator: input.text.translator.clone(),
        },
        agenda: agenda(&items),
        items,
        t: phrases.table.clone(),
        site: None,
    })
}

/// The sources of `items`, each once (by title and author), in order.
fn unique_sources(items: &[ItemView]) -> Vec<SourceView> {
    let mut out: Vec<SourceView> = Vec::new();
    for source in items.iter().flat_map(|i| &i.sources) {
        if !out
            .iter()
            .any(|s| s.title.to_lowercase() == source.title.to_lowercase() && s.by == source.by)
        {
            out.push(source.clone());
        }
    }
    out
}

/// The first sentence of an article: its first item in the frame that
/// opens (`frame`, `intro`, `title`), else its headline.
fn first_sentence(
    phrases: &Phrases,
    weekday: &str,
    first: Option<(&str, &str, &str)>,
    headline: &str,
) -> Result<String> {
    match first {
        Some((frame, intro, title)) => phrases
            .fill(frame, |name| match name {
                "weekday" => Some(weekday.to_string()),
                "lead" => Some(intro.to_string()),
                "title" => Some(title.to_string()),
                _ => None,
            })
            .map_err(crate::error::Error::failed),
        None => Ok(headline.to_string()),
    }
}

/// The first sentence of the article of `text` (its description), without
/// building the rest of the page: what a site's index and feed show.
pub fn description(archive: &Archive, text: &Text, phrases: &Phrases) -> Result<String> {
    let mut meeting = text.meeting.clone();
    meeting.items.retain(|i| i.discussed && !i.private);
    let own = archive.config.language();
    let order = meeting.outline();
    let first = match order.first() {
        Some(&(i, _)) => {
            let item = &meeting.items[i];
            let untranslated = text.lang != own && text.gaps.items.contains(&item.id);
            let frame = frame(0, order.len(), item.lead.is_none() || untranslated);
            Some((frame, intro(phrases, item)?, item.title.clone()))
        }
        None => None,
    };
    first_sentence(
        phrases,
        &phrases.weekday(meeting.date),
        first
            .as_ref()
            .map(|(frame, intro, title)| (frame.as_str(), intro.as_str(), title.as_str())),
        meeting.headline().unwrap_or(&archive.config.archive.title),
    )
}

/// The phrase that introduces item `n` of `count` in prose: the opening,
/// the middle ones in turn (so that they do not repeat word for word), the
/// closing; the `_titled` form where there is no lead to embed.
fn frame(n: usize, count: usize, titled: bool) -> String {
    const MIDDLE: [&str; 3] = ["transition", "transition_2", "transition_3"];
    let key = match n {
        0 => "opening",
        _ if n + 1 == count => "closing",
        _ if titled => "transition",
        _ => MIDDLE[(n - 1) % MIDDLE.len()],
    };
    if titled {
        format!("{key}_titled")
    } else {
        key.to_string()
    }
}

/// The items of `meeting` in the reading order `order` (index, depth),
/// numbered as an outline, with their sections and heading levels.
fn items_in_order(
    input: &Input<'_>,
    meeting: &Meeting,
    order: &[(usize, usize)],
    original: Option<&str>,
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
        view.lang = original
            .filter(|_| input.text.gaps.items.contains(&item.id))
            .map(str::to_string);
        out.push(view);
    }
    let count = out.len();
    for (n, view) in out.iter_mut().enumerate() {
        view.frame = frame(n, count, view.lead.is_none() || view.lang.is_some());
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
        role: role.clone(),
        github: roster.and_then(|p| p.github.clone()),
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
    let intro = intro(input.phrases, item)?;
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
        frame: String::new(),
        lang: None,
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

/// How prose introduces an item: its lead, else its title in quotes.
pub fn intro(phrases: &Phrases, item: &Item) -> Result<String> {
    Ok(match &item.lead {
        Some(lead) => lead.clone(),
        None => phrases
            .fill("quoted", |name| {
                (name == "text").then(|| item.title.clone())
            })
            .map_err(crate::error::Error::failed)?,
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

/// The action an update names, as its meeting agreed it, and whether it
/// was agreed under a private item; none when that meeting cannot be read.
fn agreed(archive: &Archive, reference: &str) -> Option<(crate::meeting::Action, bool)> {
    let (meeting, action) = reference.split_once('#')?;
    let id = MeetingId::parse(meeting).ok()?;
    let record = archive.load(&id).ok()?;
    record.meeting.items.iter().find_map(|item| {
        let found = item.actions.iter().find(|a| a.id == action)?;
        Some((found.clone(), item.private))
    })
}

/// The updates of the meeting with the actions they name, leaving out, in
/// a public render, those agreed under a private item.
fn updates<'a>(
    input: &'a Input<'_>,
) -> impl Iterator<Item = (&'a crate::meeting::Update, Option<crate::meeting::Action>)> + 'a {
    input.text.meeting.updates.iter().filter_map(|update| {
        let agreed = agreed(input.archive, &update.action);
        if input.public && agreed.as_ref().is_some_and(|(_, private)| *private) {
            return None;
        }
        Some((update, agreed.map(|(action, _)| action)))
    })
}

/// Every update of the meeting, with the action as agreed and its status
/// in the readers' words.
fn reviewed(input: &Input<'_>) -> Result<Vec<Review>> {
    let config = &input.archive.config;
    updates(input)
        .map(|(update, agreed)| {
            let state = update.status.as_str();
            Ok(Review {
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
                state,
                status: input
                    .phrases
                    .fill(&format!("status_{state}"), |_| None)
                    .map_err(crate::error::Error::failed)?,
                note: update.note.clone().filter(|n| !n.trim().is_empty()),
            })
        })
        .collect()
}

/// The updates that leave an action open, with the action as agreed.
fn open_actions(input: &Input<'_>) -> Vec<OpenAction> {
    let config = &input.archive.config;
    updates(input)
        .filter(|(u, _)| u.status == ActionStatus::Open)
        .map(|(update, agreed)| OpenAction {
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
