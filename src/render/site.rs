//! The pages of the site: what its own templates (`site-*.html`) see, where
//! a page stands in the site (`SiteView`, which `_base.html` turns into the
//! navigation, the language switch, the `hreflang` and canonical links),
//! and the engine that renders many pages in one language with its
//! templates compiled once.
//!
//! A meeting's page is its article (or its formal minutes, public items
//! only) as `render` makes it, with the site's view added; a tag's page is
//! its dossier. Before a page is rendered its context is prepared, and the
//! key of the context (a hash of everything the template will see) tells
//! the site whether the page it wrote before is still good. Links are
//! given ready-made by the caller (relative inside the site); this module
//! decides nothing about paths.

use std::collections::BTreeMap;
use std::hash::Hasher;

use chrono::NaiveDate;
use minijinja::Environment;
use serde::Serialize;

use super::context::{self, ArchiveView};
use super::phrases::Phrases;
use super::templates::Templates;
use super::{Format, dossier, env, language};
use crate::archive::{Archive, Loaded};
use crate::error::{Error, Result};
use crate::id::Lang;
use crate::query::Dossier;

/// Where a page stands in the site, in the words of its language.
#[derive(Clone, Debug, Default, Serialize)]
pub struct SiteView {
    pub lang: String,
    /// This language's index page, relative to the page.
    pub home: String,
    /// The site's sections: meetings, topics, reading list, decisions,
    /// feed, calendar.
    pub nav: Vec<Link>,
    /// This page in every language it exists in, itself included.
    pub alternates: Vec<Version>,
    /// A meeting's pages: its article and its formal minutes.
    pub pages: Vec<Link>,
    /// The page's address under `publication.url`.
    pub canonical: Option<String>,
    /// This language's feed, relative to the page.
    pub feed: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Link {
    pub label: String,
    pub href: String,
    pub current: bool,
}

/// A version of a page in a language.
#[derive(Clone, Debug, Serialize)]
pub struct Version {
    pub lang: String,
    /// The language's name in itself: "Deutsch".
    pub name: String,
    pub href: String,
    pub current: bool,
}

/// What the site's own pages (`site-index.html`, `site-topics.html`,
/// `site-sources.html`, `site-decisions.html`) see; each uses its list.
#[derive(Serialize)]
pub struct Context {
    pub lang: String,
    pub format: &'static str,
    /// Never: the site shows published meetings only.
    pub draft: bool,
    pub archive: ArchiveView,
    pub heading: String,
    pub years: Vec<Year>,
    pub topics: Vec<TopicLink>,
    pub sources: Vec<SourceEntry>,
    pub decisions: Vec<DecisionEntry>,
    pub t: BTreeMap<String, String>,
    pub site: SiteView,
}

/// The meetings of a year on the index, newest first.
#[derive(Clone, Debug, Serialize)]
pub struct Year {
    pub year: i32,
    pub entries: Vec<Entry>,
}

/// A meeting on the index.
#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    pub href: String,
    pub title: String,
    pub date: String,
    pub iso_date: String,
    pub lead: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct TopicLink {
    pub name: String,
    pub href: String,
    pub meetings: usize,
    pub items: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct SourceEntry {
    pub title: String,
    pub by: Option<String>,
    pub href: Option<String>,
    pub cited: Vec<Cited>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Cited {
    pub date: String,
    pub item: String,
    pub href: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct DecisionEntry {
    pub href: String,
    pub date: String,
    pub iso_date: String,
    pub item: String,
    pub text: String,
    pub label: Option<String>,
}

/// A meeting as the index and the feed present it.
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    pub title: String,
    pub date: String,
    pub iso_date: String,
    /// The article's opening sentence: "The Tuesday teleconference began
    /// with ...".
    pub lead: String,
}

/// A page ready to render: its template and what the template sees.
pub struct Prepared {
    template: String,
    context: Seen,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Seen {
    Meeting(Box<context::Context>),
    Dossier(Box<dossier::Context>),
    Page(Box<Context>),
}

/// How many entries of a listing a render's fuel covers (`env::FUEL`).
const ENTRIES_IN_FUEL: usize = 100;

/// The pages of one language.
pub struct Engine {
    lang: Lang,
    phrases: Phrases,
    env: Environment<'static>,
    /// Where `env`'s loader leaves a template it could not read.
    unread: env::Unread,
    templates: Templates,
    /// The hash of every template and phrase in force, and of this build.
    frame: u64,
}

impl Engine {
    pub fn new(archive: &Archive, lang: &Lang) -> Result<Engine> {
        let templates = Templates::new(&archive.root);
        let phrases = Phrases::load(&templates, lang)?;
        let mut hasher = std::hash::DefaultHasher::new();
        hasher.write(env!("CARGO_PKG_VERSION").as_bytes());
        for (name, _) in templates.list()? {
            hasher.write(name.as_bytes());
            hasher.write(templates.source(&name)?.unwrap_or_default().as_bytes());
        }
        for (key, value) in &phrases.table {
            hasher.write(key.as_bytes());
            hasher.write(value.as_bytes());
        }
        let (env, unread) = env::new(&templates, phrases.clone(), Format::Html, 0);
        Ok(Engine {
            lang: lang.clone(),
            phrases,
            env,
            unread,
            templates,
            frame: hasher.finish(),
        })
    }

    pub fn lang(&self) -> &Lang {
        &self.lang
    }

    /// A hash of the templates and phrases in force.
    pub fn frame(&self) -> u64 {
        self.frame
    }

    /// A phrase of the language that needs no value: "Topics".
    pub fn phrase(&self, key: &str) -> Result<String> {
        self.phrases.fill(key, |_| None).map_err(Error::failed)
    }

    /// The name of the language in itself: "Deutsch".
    pub fn language_name(&self) -> String {
        self.phrases
            .table
            .get("name")
            .cloned()
            .unwrap_or_else(|| self.lang.to_string())
    }

    /// A date in the language: "28. Januar 2025".
    pub fn date(&self, date: NaiveDate) -> String {
        self.phrases.date(date)
    }

    /// The page of `record`'s article (`minutes`: its formal minutes) in
    /// this language, with public items only.
    pub fn meeting(
        &self,
        archive: &Archive,
        record: &Loaded,
        minutes: bool,
        mut site: SiteView,
    ) -> Result<Prepared> {
        let text = language::text(archive, &record.id, &record.meeting, &self.lang)?;
        let input = context::Input {
            archive,
            id: &record.id,
            text: &text,
            phrases: &self.phrases,
            format: "html",
            public: true,
            discussed_only: !minutes,
            open_actions: false,
        };
        let mut context = context::build(&input)?;
        context.notice = super::page_notice(
            archive,
            &self.templates,
            &self.phrases,
            &self.phrases,
            &text,
            &record.id,
            &context,
        )?
        .0;
        // The article names its own address, by the same rule as the site
        // (`permalink`): the page carries one canonical link.
        if !minutes && context.article.canonical.is_some() {
            site.canonical = None;
        }
        context.site = Some(site);
        let template = if minutes {
            "minutes.html"
        } else {
            "article.html"
        };
        Ok(Prepared {
            template: template.to_string(),
            context: Seen::Meeting(Box::new(context)),
        })
    }

    /// `record` as the index and the feed present it in this language: its
    /// article's headline, date and first sentence.
    pub fn summary(&self, archive: &Archive, record: &Loaded) -> Result<Summary> {
        let text = language::text(archive, &record.id, &record.meeting, &self.lang)?;
        let lead = context::description(archive, &text, &self.phrases)?;
        let meeting = &text.meeting;
        Ok(Summary {
            title: meeting
                .headline()
                .unwrap_or(&archive.config.archive.title)
                .to_string(),
            date: self.phrases.date(meeting.date),
            iso_date: meeting.date.to_string(),
            lead,
        })
    }

    /// The page of a tag: `dossier` (public items of published meetings)
    /// as of `as_of`, the last day anything on the site was published.
    pub fn dossier(
        &self,
        archive: &Archive,
        dossier: &Dossier,
        as_of: NaiveDate,
        site: SiteView,
    ) -> Result<Prepared> {
        let input = dossier::Input {
            archive,
            dossier,
            phrases: &self.phrases,
            format: "html",
            origins: &BTreeMap::new(),
            as_of,
            internal: false,
            notice: None,
            original: None,
        };
        let mut context = dossier::build(&input)?;
        context.site = Some(site);
        Ok(Prepared {
            template: "dossier.html".to_string(),
            context: Seen::Dossier(Box::new(context)),
        })
    }

    /// One of the site's own pages: `template` (`site-index.html` ...)
    /// with the lists the caller filled in.
    pub fn page(&self, archive: &Archive, template: &str, fill: Fill) -> Prepared {
        Prepared {
            template: template.to_string(),
            context: Seen::Page(Box::new(Context {
                lang: self.phrases.lang.clone(),
                format: "html",
                draft: false,
                archive: ArchiveView::of(archive, &self.phrases.lang),
                heading: fill.heading,
                years: fill.years,
                topics: fill.topics,
                sources: fill.sources,
                decisions: fill.decisions,
                t: self.phrases.table.clone(),
                site: fill.site,
            })),
        }
    }

    /// What decides the bytes of `page`: its template, what it sees, and
    /// the templates and phrases in force.
    pub fn key(&self, page: &Prepared) -> Result<u64> {
        let mut hasher = Hashing(std::hash::DefaultHasher::new());
        hasher.0.write_u64(self.frame);
        hasher.0.write(page.template.as_bytes());
        serde_json::to_writer(&mut hasher, &page.context)
            .map_err(|e| Error::failed(format!("cannot prepare a page: {e}")))?;
        Ok(hasher.0.finish())
    }

    /// The page, whole.
    pub fn render(&self, page: &Prepared, what: &str) -> Result<String> {
        // A page that lists much of the archive gets fuel in proportion,
        // so that a loop without end still stops.
        let entries = match &page.context {
            Seen::Meeting(_) => 0,
            Seen::Dossier(c) => c.entries.len(),
            Seen::Page(c) => {
                c.years.iter().map(|y| y.entries.len()).sum::<usize>()
                    + c.topics.len()
                    + c.sources.iter().map(|s| 1 + s.cited.len()).sum::<usize>()
                    + c.decisions.len()
            }
        };
        let large;
        let (environment, unread) = if entries > ENTRIES_IN_FUEL {
            let (mut scaled, unread) =
                env::new(&self.templates, self.phrases.clone(), Format::Html, 0);
            scaled.set_fuel(Some(env::FUEL * (entries / ENTRIES_IN_FUEL + 1) as u64));
            large = (scaled, unread);
            (&large.0, &large.1)
        } else {
            (&self.env, &self.unread)
        };
        let failed = |e: minijinja::Error| {
            unread
                .take()
                .unwrap_or_else(|| env::error(&e, &self.templates, what))
        };
        let template = environment.get_template(&page.template).map_err(failed)?;
        let text = template
            .render(minijinja::value::Value::from(minijinja::value::Serde(
                &page.context,
            )))
            .map_err(failed)?;
        Ok(text.trim_end().to_string() + "\n")
    }

    /// The block `body` of `page` alone: an article without its frame, as
    /// a feed carries it.
    pub fn body(&self, page: &Prepared, what: &str) -> Result<String> {
        let failed = |e: minijinja::Error| {
            self.unread
                .take()
                .unwrap_or_else(|| env::error(&e, &self.templates, what))
        };
        let template = self.env.get_template(&page.template).map_err(failed)?;
        let mut captured = template
            .render_captured(minijinja::value::Value::from(minijinja::value::Serde(
                &page.context,
            )))
            .map_err(failed)?;
        let body = captured
            .with_state_mut(|state| state.render_block("body"))
            .map_err(failed)?;
        Ok(body.trim().to_string())
    }
}

/// A tag as the title of its page in `lang`: as `[tags.<tag>]` names it,
/// else its words apart with the first letter capital ("News of the week").
pub fn topic(archive: &Archive, tag: &str, lang: &Lang) -> String {
    if let Some(name) = archive.config.tag_name(tag, lang) {
        return name.to_string();
    }
    let words = tag.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => words,
    }
}

/// Who wrote a source, and its link when it is safe to follow.
pub fn source_by(source: &crate::meeting::Source) -> (Option<String>, Option<String>) {
    let view = context::source_view(source);
    (view.by, view.href)
}

/// The lists of one of the site's own pages.
#[derive(Default)]
pub struct Fill {
    pub heading: String,
    pub years: Vec<Year>,
    pub topics: Vec<TopicLink>,
    pub sources: Vec<SourceEntry>,
    pub decisions: Vec<DecisionEntry>,
    pub site: SiteView,
}

/// Serialized bytes into a hasher, never into memory.
struct Hashing(std::hash::DefaultHasher);

impl std::io::Write for Hashing {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
