//! The static site of the published meetings: which pages there are, where
//! each goes, how they link, and the build that writes them.
//!
//! Only published meetings appear, and only their public items. The
//! archive's language is at the root; each language into which a published
//! meeting is translated has a tree of its own (`de/`) with its index, the
//! translated meetings and its feed; every page links to its versions in
//! the other languages. Links inside the site are relative and name
//! `index.html`, so that the site works from a folder (`file://`) and under
//! any address; absolute addresses (from `publication.url`) appear only in
//! the feeds, the sitemap and the canonical links.
//!
//! A build first compares a key of all its inputs (the files' sizes and
//! times, the options, this program) with the last build's: when nothing
//! changed, it reads no meeting. Otherwise every page is prepared, and only
//! a page whose prepared content changed is rendered again; only bytes
//! that changed are written (see `output`). Output is the same for the same
//! inputs: no page depends on the clock.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::Hasher;
use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};

mod inputs;
mod lists;
mod parallel;

use super::calendar;
use super::output::{Fate, Output};
use crate::archive::{Archive, Entry, Loaded};
use crate::config::Page;
use crate::error::Result;
use crate::id::Lang;
use crate::meeting::Status;
use crate::query;
use crate::render::site::{Engine, Fill, Link, SiteView, Summary, Version, Year};
use inputs::{Inputs, refuse_unsafe_folder};
use parallel::parallel;

/// What to build, and where.
pub struct Options {
    /// The output folder.
    pub dir: PathBuf,
    /// The folder as the user knows it, for messages.
    pub shown: PathBuf,
    /// Give every meeting a page of its formal minutes too.
    pub minutes: bool,
}

/// What a build did.
#[derive(Debug, Default)]
pub struct Report {
    /// Files the site has.
    pub files: usize,
    pub written: Vec<String>,
    pub removed: Vec<String>,
    /// Published meetings on the site.
    pub meetings: usize,
    /// Notes for the user: what was left out, and why.
    pub notes: Vec<String>,
}

/// Builds the site; `load` reads the meetings, and is called only when
/// something changed since the last build.
pub fn build(
    archive: &Archive,
    options: &Options,
    load: impl FnOnce() -> Result<Vec<Loaded>>,
) -> Result<Report> {
    refuse_unsafe_folder(archive, options)?;
    let entries = archive.entries()?;
    let today = archive.today()?;
    let inputs = inputs::inputs(archive, options, &entries, today)?;
    let output = Output::open(&options.dir, &options.shown);
    if output.unchanged(inputs.key) {
        return Ok(Report::default());
    }
    let records = load()?;
    let public = public_records(&records);
    let site = Site::new(archive, options, &records, &public, &entries, today)?;
    let mut report = Report {
        meetings: site.published.len(),
        notes: site.notes.clone(),
        ..Report::default()
    };
    let paths = site.paths();
    output.check_paths(paths.iter().map(String::as_str))?;
    report.files = paths.len();
    report.written = match site.write(&output, &inputs) {
        Ok(written) => written,
        Err(e) => {
            // The next build must know what this one wrote.
            let _ = output.abandon();
            return Err(e);
        }
    };
    report.removed = output.finish(inputs.key)?;
    Ok(report)
}

/// The calendar of the archive's series, as the site's `calendar.ics`.
pub fn calendar_text(archive: &Archive, records: &[Loaded], today: NaiveDate) -> String {
    let first = first_meetings(archive, records);
    let fallback = first.values().min().copied().unwrap_or(today);
    calendar::calendar(&calendar::Input {
        config: &archive.config,
        first_meetings: &first,
        today: fallback,
        domain: &domain(archive),
    })
}

/// The first meeting of each series.
fn first_meetings(archive: &Archive, records: &[Loaded]) -> BTreeMap<String, NaiveDate> {
    let default = archive.config.default_series().unwrap_or_default();
    let mut first: BTreeMap<String, NaiveDate> = BTreeMap::new();
    for record in records {
        let series = record.meeting.series.as_deref().unwrap_or(default);
        let date = record.meeting.date;
        first
            .entry(series.to_string())
            .and_modify(|d| *d = (*d).min(date))
            .or_insert(date);
    }
    first
}

/// The domain of `publication.url`, else a name that is no one's domain.
fn domain(archive: &Archive) -> String {
    archive
        .config
        .publication
        .url
        .as_deref()
        .and_then(|url| url.split_once("://"))
        .and_then(|(_, rest)| rest.split('/').next())
        .map(|host| host.rsplit('@').next().unwrap_or(host).to_ascii_lowercase())
        .filter(|host| !host.is_empty())
        .unwrap_or_else(|| {
            format!(
                "{}.minutes.invalid",
                crate::id::slug(&archive.config.archive.title)
            )
        })
}

/// The published meetings, newest first, with their public items only.
fn public_records(records: &[Loaded]) -> Vec<Loaded> {
    let mut public: Vec<Loaded> = records
        .iter()
        .filter(|r| r.meeting.status == Status::Published)
        .map(|r| {
            let mut meeting = r.meeting.clone();
            meeting.items.retain(|i| !i.private);
            Loaded {
                id: r.id.clone(),
                meeting,
            }
        })
        .collect();
    public.sort_by(|a, b| b.id.cmp(&a.id));
    public
}

/// One published meeting with its public items, and its place in the site.
struct Published<'a> {
    record: &'a Loaded,
    /// The languages of its pages: the archive's first.
    langs: Vec<Lang>,
    /// Its folder under a language's root: `2025/2025-01-28/`.
    folder: String,
    published: NaiveDate,
    updated: NaiveDate,
}

/// A page of one meeting in one language.
struct MeetingJob {
    meeting: usize,
    lang: usize,
    minutes: bool,
}

/// Everything the site is made of.
struct Site<'a> {
    archive: &'a Archive,
    records: &'a [Loaded],
    /// The archive's language first, then each language of a translation.
    engines: Vec<Engine>,
    /// Newest first.
    published: Vec<Published<'a>>,
    /// Each published meeting's position in `published`, by id.
    positions: HashMap<&'a str, usize>,
    pages: Vec<Page>,
    /// The tags of the published meetings' public items.
    tags: query::TagIndex<'a>,
    /// Each tag's page: the name of its folder, and the tag (folded).
    tag_pages: Vec<(String, String)>,
    url: Option<String>,
    today: NaiveDate,
    notes: Vec<String>,
}

impl<'a> Site<'a> {
    fn new(
        archive: &'a Archive,
        options: &Options,
        records: &'a [Loaded],
        public: &'a [Loaded],
        entries: &[Entry],
        today: NaiveDate,
    ) -> Result<Site<'a>> {
        let config = &archive.config;
        let root = config.language();
        let mut notes = Vec::new();
        let mut engines = vec![Engine::new(archive, &root)?];
        let mut overlays: BTreeMap<String, Vec<Lang>> = BTreeMap::new();
        for entry in entries {
            if let Entry::Overlay(id, lang) = entry {
                overlays
                    .entry(id.to_string())
                    .or_default()
                    .push(lang.clone());
            }
        }
        let mut published = Vec::new();
        for record in public {
            let meeting = &record.meeting;
            let mut langs = vec![root.clone()];
            for lang in overlays.get(record.id.as_str()).into_iter().flatten() {
                if *lang == root {
                    continue;
                }
                if !engines.iter().any(|e| e.lang() == lang) {
                    match Engine::new(archive, lang) {
                        Ok(engine) => engines.push(engine),
                        Err(_) => {
                            let note = format!(
                                "left out the translations into `{lang}`: there is no phrase table for it (templates/lang/{lang}.toml)"
                            );
                            if !notes.contains(&note) {
                                notes.push(note);
                            }
                            continue;
                        }
                    }
                }
                langs.push(lang.clone());
            }
            let publication = meeting.publication.as_ref();
            let date = publication.and_then(|p| p.date).unwrap_or(meeting.date);
            let updated = publication
                .and_then(|p| p.updated)
                .unwrap_or(date)
                .max(date);
            published.push(Published {
                folder: crate::permalink::folder(config, &record.id, meeting),
                record,
                langs,
                published: date,
                updated,
            });
        }
        let positions = published
            .iter()
            .enumerate()
            .map(|(i, p)| (p.record.id.as_str(), i))
            .collect();
        // What "now" is for the site (which actions are overdue): the day
        // the newest thing on it was published.
        let as_of = published.iter().map(|p| p.updated).max().unwrap_or(today);
        // A tag's page shows what `minutes dossier` shows: the items discussed
        // that have notes or decisions.
        let tags = query::TagIndex::new(
            public,
            as_of,
            |i| i.discussed && (!i.notes.trim().is_empty() || !i.decisions.is_empty()),
            |_| true,
        );
        let mut taken = BTreeSet::new();
        let tag_pages = tags
            .tags()
            .map(|key| {
                let base = crate::id::slug(key);
                let base = if base.is_empty() {
                    "tag".to_string()
                } else {
                    base
                };
                let slug = crate::id::free(&base, |s| taken.contains(s));
                taken.insert(slug.clone());
                (slug, key.to_string())
            })
            .collect();
        let mut pages: Vec<Page> = config.publication.pages.clone();
        if options.minutes && !pages.contains(&Page::Minutes) {
            pages.push(Page::Minutes);
        }
        pages.sort();
        pages.dedup();
        if pages.is_empty() {
            pages.push(Page::Article);
        }
        let url = crate::permalink::site_url(config);
        if url.is_none() {
            notes.push("no feed.atom and sitemap.xml: they need the site's address, `url` under [publication] in minutes.toml".to_string());
        }
        engines[1..].sort_by(|a, b| a.lang().cmp(b.lang()));
        Ok(Site {
            archive,
            records,
            engines,
            published,
            positions,
            pages,
            tags,
            tag_pages,
            url,
            today,
            notes,
        })
    }

    /// The stamp of an archive file as the build found it before reading.
    fn stamp(&self, path: &std::path::Path, inputs: &Inputs) -> u64 {
        inputs.stamps.get(path).copied().unwrap_or_default()
    }

    fn root_lang(&self) -> &Lang {
        self.engines[0].lang()
    }

    /// `de/` for a language of translations, nothing for the archive's.
    fn prefix(&self, lang: &Lang) -> String {
        crate::permalink::language_folder(&self.archive.config, lang)
    }

    fn engine(&self, lang: &Lang) -> &Engine {
        self.engines
            .iter()
            .find(|e| e.lang() == lang)
            .unwrap_or(&self.engines[0])
    }

    fn meeting_path(&self, meeting: &Published, lang: &Lang, page: Page) -> String {
        crate::permalink::page_in(&self.archive.config, &meeting.folder, lang, page)
    }

    /// Languages that have a tree: the archive's, and those of a
    /// published translation.
    fn langs(&self) -> Vec<&Lang> {
        self.engines
            .iter()
            .map(Engine::lang)
            .filter(|l| {
                *l == self.root_lang() || self.published.iter().any(|p| p.langs.contains(l))
            })
            .collect()
    }

    /// What "now" is for the site: the day the newest thing on it was
    /// published.
    fn as_of(&self) -> NaiveDate {
        self.published
            .iter()
            .map(|p| p.updated)
            .max()
            .unwrap_or(self.today)
    }

    /// Every file the site has.
    fn paths(&self) -> Vec<String> {
        let mut paths = Vec::new();
        for lang in self.langs() {
            let prefix = self.prefix(lang);
            paths.push(format!("{prefix}index.html"));
            if self.url.is_some() {
                paths.push(format!("{prefix}feed.atom"));
            }
        }
        for meeting in &self.published {
            for lang in &meeting.langs {
                for page in &self.pages {
                    paths.push(self.meeting_path(meeting, lang, *page));
                }
            }
        }
        for (slug, _) in &self.tag_pages {
            paths.push(format!("tags/{slug}/index.html"));
        }
        paths.extend(
            [
                "tags/index.html",
                "sources/index.html",
                "decisions/index.html",
                "calendar.ics",
            ]
            .map(String::from),
        );
        if self.url.is_some() {
            paths.push("sitemap.xml".to_string());
        }
        paths.sort();
        paths.dedup();
        paths
    }

    /// The address of a page under `publication.url`, without `index.html`.
    fn address(&self, path: &str) -> Option<String> {
        crate::permalink::address(&self.archive.config, path)
    }

    /// What every page of `lang` at `path` shares: the way home, the
    /// sections, the feed, the canonical address.
    fn view(&self, lang: &Lang, path: &str, current: &str) -> Result<SiteView> {
        let engine = self.engine(lang);
        let prefix = self.prefix(lang);
        let home = format!("{prefix}index.html");
        let mut sections = vec![
            ("site_meetings", home.clone()),
            ("site_topics", "tags/index.html".to_string()),
            ("site_sources", "sources/index.html".to_string()),
            ("site_decisions", "decisions/index.html".to_string()),
        ];
        if self.url.is_some() {
            sections.push(("site_feed", format!("{prefix}feed.atom")));
        }
        sections.push(("site_calendar", "calendar.ics".to_string()));
        let nav = sections
            .into_iter()
            .map(|(key, target)| {
                Ok(Link {
                    label: engine.phrase(key)?,
                    current: target == current,
                    href: relative(path, &target),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(SiteView {
            lang: lang.to_string(),
            home: relative(path, &home),
            nav,
            alternates: Vec::new(),
            pages: Vec::new(),
            canonical: self.address(path),
            feed: self
                .url
                .is_some()
                .then(|| relative(path, &format!("{prefix}feed.atom"))),
        })
    }

    /// Writes every file; the paths written.
    fn write(&self, output: &Output, inputs: &Inputs) -> Result<Vec<String>> {
        let mut jobs = Vec::new();
        for (m, meeting) in self.published.iter().enumerate() {
            for lang in &meeting.langs {
                let lang = self
                    .engines
                    .iter()
                    .position(|e| e.lang() == lang)
                    .unwrap_or(0);
                for page in &self.pages {
                    jobs.push(MeetingJob {
                        meeting: m,
                        lang,
                        minutes: *page == Page::Minutes,
                    });
                }
            }
        }
        let dossiers = &self.tag_pages;
        let bar = crate::ui::progress(
            Some((jobs.len() + dossiers.len() + 8) as u64),
            "building the site",
        );
        let written = std::sync::Mutex::new(Vec::new());
        let put = |path: &str, key: u64, make: &dyn Fn() -> Result<Vec<u8>>| -> Result<()> {
            if key != 0 && output.fresh(path, key) {
                return Ok(());
            }
            if output.put(path, key, &make()?)? == Fate::Written {
                written
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(path.to_string());
            }
            Ok(())
        };
        // Each meeting's pages, and what the index and the feed say of it.
        let summaries: Vec<Option<Summary>> = parallel(&jobs, &bar, |job| {
            let meeting = &self.published[job.meeting];
            let engine = &self.engines[job.lang];
            let lang = engine.lang();
            let page = if job.minutes {
                Page::Minutes
            } else {
                Page::Article
            };
            let path = self.meeting_path(meeting, lang, page);
            let mut view = self.view(lang, &path, "")?;
            view.alternates = meeting
                .langs
                .iter()
                .map(|other| Version {
                    lang: other.to_string(),
                    name: self.engine(other).language_name(),
                    href: relative(&path, &self.meeting_path(meeting, other, page)),
                    current: other == lang,
                })
                .collect();
            if self.pages.len() > 1 {
                view.pages = self
                    .pages
                    .iter()
                    .map(|p| {
                        let key = if *p == Page::Minutes {
                            "site_minutes"
                        } else {
                            "site_article"
                        };
                        Ok(Link {
                            label: engine.phrase(key)?,
                            href: relative(&path, &self.meeting_path(meeting, lang, *p)),
                            current: *p == page,
                        })
                    })
                    .collect::<Result<_>>()?;
            }
            // The page shows the meeting's file and its translation, in
            // the frame of the configuration and the templates: when none
            // of them changed, the page is as it was.
            let key = key_of(|h| {
                h.write_u64(inputs.frame);
                h.write_u64(engine.frame());
                h.write_u8(u8::from(job.minutes));
                h.write_u64(self.stamp(&meeting.record.id.relative_path(), inputs));
                if lang != self.root_lang() {
                    h.write_u64(self.stamp(&meeting.record.id.overlay_path(lang), inputs));
                }
                // The updates show the actions as the meetings that agreed
                // them say.
                for update in &meeting.record.meeting.updates {
                    let agreed = update.action.split_once('#').map(|(m, _)| m);
                    if let Some(id) = agreed.and_then(|m| crate::id::MeetingId::parse(m).ok()) {
                        h.write_u64(self.stamp(&id.relative_path(), inputs));
                    }
                }
                hash_json(h, &view);
            });
            let what = format!("meeting {}", meeting.record.id);
            put(&path, key, &|| {
                let prepared =
                    engine.meeting(self.archive, meeting.record, job.minutes, view.clone())?;
                Ok(engine.render(&prepared, &what)?.into_bytes())
            })?;
            if job.minutes {
                return Ok(None);
            }
            engine.summary(self.archive, meeting.record).map(Some)
        })?;
        let mut by_lang: BTreeMap<(usize, usize), Summary> = BTreeMap::new();
        for (job, summary) in jobs.iter().zip(summaries) {
            if let Some(summary) = summary {
                by_lang.insert((job.lang, job.meeting), summary);
            }
        }
        // The tags' pages.
        let as_of = self.as_of();
        let engine = &self.engines[0];
        parallel(dossiers, &bar, |(slug, tag)| {
            let path = format!("tags/{slug}/index.html");
            let view = self.view(engine.lang(), &path, "")?;
            // The page shows the items on the tag, and the state of their
            // actions on the day the site is as of.
            let key = key_of(|h| {
                h.write_u64(inputs.frame);
                h.write_u64(engine.frame());
                h.write(as_of.to_string().as_bytes());
                for (record, item, actions) in self.tags.places(tag) {
                    h.write_u64(self.stamp(&record.id.relative_path(), inputs));
                    h.write(item.id.as_bytes());
                    hash_json(h, &actions);
                }
                hash_json(h, &view);
            });
            let what = format!("the dossier of `{tag}`");
            put(&path, key, &|| {
                let Some(dossier) = self.tags.dossier(tag) else {
                    return Ok(Vec::new());
                };
                let prepared = engine.dossier(self.archive, &dossier, as_of, view.clone())?;
                Ok(engine.render(&prepared, &what)?.into_bytes())
            })?;
            Ok(())
        })?;
        // The indexes and feeds, per language.
        for (l, engine) in self.engines.iter().enumerate() {
            let lang = engine.lang();
            if !self.langs().contains(&lang) {
                continue;
            }
            let prefix = self.prefix(lang);
            let path = format!("{prefix}index.html");
            let mut years: Vec<Year> = Vec::new();
            for (m, meeting) in self.published.iter().enumerate() {
                let Some(summary) = by_lang.get(&(l, m)) else {
                    continue;
                };
                let year = meeting.record.meeting.date.year();
                if years.last().is_none_or(|y| y.year != year) {
                    years.push(Year {
                        year,
                        entries: Vec::new(),
                    });
                }
                if let Some(last) = years.last_mut() {
                    last.entries.push(crate::render::site::Entry {
                        href: relative(&path, &self.meeting_path(meeting, lang, Page::Article)),
                        title: summary.title.clone(),
                        date: summary.date.clone(),
                        iso_date: summary.iso_date.clone(),
                        lead: summary.lead.clone(),
                    });
                }
            }
            let mut view = self.view(lang, &path, &path)?;
            view.alternates = self
                .langs()
                .into_iter()
                .map(|other| Version {
                    lang: other.to_string(),
                    name: self.engine(other).language_name(),
                    href: relative(&path, &format!("{}index.html", self.prefix(other))),
                    current: other == lang,
                })
                .collect();
            let page = engine.page(
                self.archive,
                "site-index.html",
                Fill {
                    heading: self.archive.config.archive.title.clone(),
                    years,
                    site: view,
                    ..Fill::default()
                },
            );
            put(&path, engine.key(&page)?, &|| {
                Ok(engine.render(&page, "the index")?.into_bytes())
            })?;
            if self.url.is_some() {
                self.feed_page(l, &by_lang, inputs, &put)?;
            }
            bar.inc(1);
        }
        self.topics_page(&put)?;
        self.sources_page(&put)?;
        self.decisions_page(&put)?;
        let calendar = calendar_text(self.archive, self.records, self.today);
        put("calendar.ics", 0, &|| Ok(calendar.clone().into_bytes()))?;
        if self.url.is_some() {
            put("sitemap.xml", 0, &|| Ok(self.sitemap().into_bytes()))?;
        }
        bar.finish_and_clear();
        let mut written = written.into_inner().unwrap_or_else(|e| e.into_inner());
        written.sort();
        Ok(written)
    }
}

/// A key made of what `parts` writes into a hasher.
fn key_of(parts: impl FnOnce(&mut std::hash::DefaultHasher)) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    parts(&mut hasher);
    hasher.finish()
}

/// `value` as JSON into `hasher`, without keeping the JSON.
fn hash_json(hasher: &mut std::hash::DefaultHasher, value: &impl serde::Serialize) {
    struct Into<'a>(&'a mut std::hash::DefaultHasher);
    impl std::io::Write for Into<'_> {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.write(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let _ = serde_json::to_writer(Into(hasher), value);
}

type PutFn<'a> = dyn Fn(&str, u64, &dyn Fn() -> Result<Vec<u8>>) -> Result<()> + 'a;

/// The link from the page at `from` to the file at `to`, both relative to
/// the site's root.
fn relative(from: &str, to: &str) -> String {
    let depth = from.matches('/').count();
    format!("{}{to}", "../".repeat(depth))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_climb_to_the_root_and_name_the_file() {
        assert_eq!(relative("index.html", "tags/index.html"), "tags/index.html");
        assert_eq!(
            relative(
                "de/2025/2025-01-28/index.html",
                "2025/2025-01-28/index.html"
            ),
            "../../../2025/2025-01-28/index.html"
        );
    }
}
