//! The pages of the site that list the whole archive: the feeds, the
//! topics, the reading list, the decisions and the sitemap.

use std::collections::{BTreeMap, HashSet};
use std::hash::Hasher;

use chrono::NaiveDate;

use super::{Inputs, PutFn, Site, hash_json, key_of, relative};
use crate::config::Page;
use crate::error::Result;
use crate::publish::feed::{self, Feed};
use crate::publish::sitemap::sitemap;
use crate::query::{self, DecisionFilter};
use crate::render::site::{Cited, DecisionEntry, Fill, SiteView, SourceEntry, Summary, TopicLink};

/// How many entries a feed carries: the newest.
const FEED_ENTRIES: usize = 50;

impl Site<'_> {
    /// The feed of the language `l`, written when what it shows changed:
    /// the newest meetings (their files, summaries and dates).
    pub(super) fn feed_page(
        &self,
        l: usize,
        summaries: &BTreeMap<(usize, usize), Summary>,
        inputs: &Inputs,
        put: &PutFn<'_>,
    ) -> Result<()> {
        let engine = &self.engines[l];
        let lang = engine.lang();
        let mut newest: Vec<usize> = (0..self.published.len())
            .filter(|m| summaries.contains_key(&(l, *m)))
            .collect();
        newest.sort_by(|a, b| {
            let (a, b) = (&self.published[*a], &self.published[*b]);
            (b.updated, &b.record.id).cmp(&(a.updated, &a.record.id))
        });
        newest.truncate(FEED_ENTRIES);
        let key = key_of(|h| {
            h.write_u64(inputs.frame);
            h.write_u64(engine.frame());
            for m in &newest {
                let record = self.published[*m].record;
                h.write_u64(self.stamp(&record.id.relative_path(), inputs));
                h.write_u64(self.stamp(&record.id.overlay_path(lang), inputs));
                hash_json(h, &summaries[&(l, *m)]);
            }
        });
        let path = format!("{}feed.atom", self.prefix(lang));
        put(&path, key, &|| {
            Ok(feed::atom(&self.feed(l, summaries, &newest)?).into_bytes())
        })
    }

    /// The feed of the language `l` with the meetings `newest`.
    fn feed(
        &self,
        l: usize,
        summaries: &BTreeMap<(usize, usize), Summary>,
        newest: &[usize],
    ) -> Result<Feed> {
        let engine = &self.engines[l];
        let lang = engine.lang();
        let prefix = self.prefix(lang);
        let url = self.url.clone().unwrap_or_default();
        let mut entries = Vec::new();
        for &m in newest {
            let meeting = &self.published[m];
            let summary = &summaries[&(l, m)];
            let path = self.meeting_path(meeting, lang, Page::Article);
            let prepared =
                engine.meeting(self.archive, meeting.record, false, SiteView::default())?;
            let suffix = if prefix.is_empty() {
                String::new()
            } else {
                format!("/{lang}")
            };
            entries.push(feed::Entry {
                id: feed::tag_uri(
                    &format!("{url}{}{suffix}", meeting.record.id),
                    meeting.record.meeting.date,
                ),
                title: summary.title.clone(),
                link: self.address(&path).unwrap_or_default(),
                published: meeting.published,
                updated: meeting.updated,
                summary: summary.lead.clone(),
                content: engine.body(&prepared, &format!("meeting {}", meeting.record.id))?,
            });
        }
        let config = &self.archive.config;
        Ok(Feed {
            address: format!("{url}{prefix}feed.atom"),
            home: format!("{url}{prefix}"),
            title: config.archive.title.clone(),
            author: config
                .publication
                .author
                .clone()
                .unwrap_or_else(|| config.archive.title.clone()),
            lang: lang.to_string(),
            entries,
        })
    }

    /// The items that no article shows (public, but not discussed): the
    /// listing pages leave them out, so that every link lands.
    fn undiscussed(&self) -> HashSet<(&str, &str)> {
        self.published
            .iter()
            .flat_map(|p| {
                let id = p.record.id.as_str();
                p.record
                    .meeting
                    .items
                    .iter()
                    .filter(|i| !i.discussed)
                    .map(move |i| (id, i.id.as_str()))
            })
            .collect()
    }

    /// The article page of `meeting` at the item `item`, from `path`.
    fn item_link(&self, path: &str, meeting: &str, item: &str) -> String {
        let root = self.root_lang();
        self.published
            .get(*self.positions.get(meeting).unwrap_or(&usize::MAX))
            .map(|p| {
                format!(
                    "{}#{item}",
                    relative(path, &self.meeting_path(p, root, Page::Article))
                )
            })
            .unwrap_or_default()
    }

    pub(super) fn topics_page(&self, put: &PutFn<'_>) -> Result<()> {
        let engine = &self.engines[0];
        let path = "tags/index.html";
        let mut topics: Vec<TopicLink> = self
            .tag_pages
            .iter()
            .filter_map(|(slug, key)| {
                let (tag, meetings, items) = self.tags.counts(key)?;
                Some(TopicLink {
                    name: crate::render::site::topic(self.archive, tag, engine.lang()),
                    href: relative(path, &format!("tags/{slug}/index.html")),
                    meetings,
                    items,
                })
            })
            .collect();
        topics.sort_by_key(|t| crate::query::text::fold(&t.name));
        let view = self.view(engine.lang(), path, path)?;
        let heading = engine.phrase("site_topics")?;
        let page = engine.page(
            self.archive,
            "site-topics.html",
            Fill {
                heading,
                topics,
                site: view,
                ..Fill::default()
            },
        );
        put(path, engine.key(&page)?, &|| {
            Ok(engine.render(&page, "the topics")?.into_bytes())
        })
    }

    pub(super) fn sources_page(&self, put: &PutFn<'_>) -> Result<()> {
        let engine = &self.engines[0];
        let path = "sources/index.html";
        let undiscussed = self.undiscussed();
        let public = self.published.iter().map(|p| p.record);
        let sources = query::reading_list(public, None)
            .into_iter()
            .filter_map(|mut cited| {
                cited.cited.retain(|place| {
                    !undiscussed.contains(&(place.meeting.as_str(), place.item.as_str()))
                });
                (!cited.cited.is_empty()).then_some(cited)
            })
            .map(|cited| {
                let (by, href) = crate::render::site::source_by(&cited.source);
                SourceEntry {
                    title: cited.source.title.clone(),
                    by,
                    href,
                    cited: cited
                        .cited
                        .iter()
                        .map(|place| Cited {
                            date: engine.date(place.date),
                            item: place.item_title.clone(),
                            href: self.item_link(path, &place.meeting, &place.item),
                        })
                        .collect(),
                }
            })
            .collect();
        let view = self.view(engine.lang(), path, path)?;
        let heading = engine.phrase("site_sources")?;
        let page = engine.page(
            self.archive,
            "site-sources.html",
            Fill {
                heading,
                sources,
                site: view,
                ..Fill::default()
            },
        );
        put(path, engine.key(&page)?, &|| {
            Ok(engine.render(&page, "the reading list")?.into_bytes())
        })
    }

    pub(super) fn decisions_page(&self, put: &PutFn<'_>) -> Result<()> {
        let engine = &self.engines[0];
        let path = "decisions/index.html";
        let undiscussed = self.undiscussed();
        let public = self.published.iter().map(|p| p.record);
        let mut decisions = Vec::new();
        for d in query::decisions(public, &DecisionFilter::default())
            .into_iter()
            .rev()
            .filter(|d| !undiscussed.contains(&(d.place.meeting.as_str(), d.place.item.as_str())))
        {
            let label = match d.kind {
                Some(kind) => Some(engine.phrase(&format!("decision_{}", kind.as_str()))?),
                None => None,
            };
            decisions.push(DecisionEntry {
                href: self.item_link(path, &d.place.meeting, &d.place.item),
                date: engine.date(d.place.date),
                iso_date: d.place.date.to_string(),
                item: d.place.item_title.clone(),
                text: d.text.clone(),
                label,
            });
        }
        let view = self.view(engine.lang(), path, path)?;
        let heading = engine.phrase("site_decisions")?;
        let page = engine.page(
            self.archive,
            "site-decisions.html",
            Fill {
                heading,
                decisions,
                site: view,
                ..Fill::default()
            },
        );
        put(path, engine.key(&page)?, &|| {
            Ok(engine.render(&page, "the decisions")?.into_bytes())
        })
    }

    pub(super) fn sitemap(&self) -> String {
        let mut changed: BTreeMap<String, NaiveDate> = BTreeMap::new();
        for meeting in &self.published {
            for lang in &meeting.langs {
                for page in &self.pages {
                    changed.insert(self.meeting_path(meeting, lang, *page), meeting.updated);
                }
            }
        }
        if let Some(newest) = self.published.iter().map(|p| p.updated).max() {
            for lang in self.langs() {
                changed.insert(format!("{}index.html", self.prefix(lang)), newest);
            }
        }
        let pages: Vec<(String, Option<NaiveDate>)> = self
            .paths()
            .iter()
            .filter(|p| {
                std::path::Path::new(p)
                    .extension()
                    .is_some_and(|e| e == "html")
            })
            .filter_map(|p| Some((self.address(p)?, changed.get(p).copied())))
            .collect();
        sitemap(&pages)
    }
}
