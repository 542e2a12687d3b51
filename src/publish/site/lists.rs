//! The pages of the site that list the whole archive: the feeds, the
//! topics, the reading list, the decisions and the sitemap.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::{PutFn, Site, relative};
use crate::archive::Loaded;
use crate::config::Page;
use crate::error::Result;
use crate::publish::feed::{self, Feed};
use crate::publish::sitemap::sitemap;
use crate::query::{self, DecisionFilter};
use crate::render::site::{Cited, DecisionEntry, Fill, SiteView, SourceEntry, Summary, TopicLink};

/// How many entries a feed carries: the newest.
const FEED_ENTRIES: usize = 50;

impl Site<'_> {
    /// The feed of the language `l`: its newest meetings.
    pub(super) fn feed(
        &self,
        l: usize,
        summaries: &BTreeMap<(usize, usize), Summary>,
    ) -> Result<Feed> {
        let engine = &self.engines[l];
        let lang = engine.lang();
        let prefix = self.prefix(lang);
        let url = self.url.clone().unwrap_or_default();
        let mut newest: Vec<usize> = (0..self.published.len())
            .filter(|m| summaries.contains_key(&(l, *m)))
            .collect();
        newest.sort_by(|a, b| {
            let (a, b) = (&self.published[*a], &self.published[*b]);
            (b.updated, &b.record.id).cmp(&(a.updated, &a.record.id))
        });
        newest.truncate(FEED_ENTRIES);
        let mut entries = Vec::new();
        for m in newest {
            let meeting = &self.published[m];
            let summary = &summaries[&(l, m)];
            let path = self.meeting_path(meeting, lang, Page::Article);
            let (prepared, _) =
                engine.meeting(self.archive, &meeting.record, false, SiteView::default())?;
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

    /// The published meetings as the aggregate pages read them: the items
    /// an article shows (public, discussed), so that every link lands.
    fn shown(&self) -> Vec<Loaded> {
        self.published
            .iter()
            .map(|p| {
                let mut record = p.record.clone();
                record.meeting.items.retain(|i| i.discussed);
                record
            })
            .collect()
    }

    /// The article page of `meeting` at the item `item`, from `path`.
    fn item_link(&self, path: &str, meeting: &str, item: &str) -> String {
        let root = self.root_lang();
        self.published
            .iter()
            .find(|p| p.record.id.as_str() == meeting)
            .map(|p| {
                format!(
                    "{}#{item}",
                    relative(path, &self.meeting_path(p, root, Page::Article))
                )
            })
            .unwrap_or_default()
    }

    pub(super) fn topics_page(
        &self,
        dossiers: &[(String, query::Dossier)],
        put: &PutFn<'_>,
    ) -> Result<()> {
        let engine = &self.engines[0];
        let path = "tags/index.html";
        let mut topics: Vec<TopicLink> = dossiers
            .iter()
            .map(|(slug, d)| TopicLink {
                name: crate::render::site::topic(&d.tag),
                href: relative(path, &format!("tags/{slug}/index.html")),
                meetings: d.meetings,
                items: d.entries.len(),
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
        put(path, 0, &|| {
            Ok(engine.render(&page, "the topics")?.into_bytes())
        })
    }

    pub(super) fn sources_page(&self, put: &PutFn<'_>) -> Result<()> {
        let engine = &self.engines[0];
        let path = "sources/index.html";
        let shown = self.shown();
        let sources = query::reading_list(&shown, None)
            .into_iter()
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
        put(path, 0, &|| {
            Ok(engine.render(&page, "the reading list")?.into_bytes())
        })
    }

    pub(super) fn decisions_page(&self, put: &PutFn<'_>) -> Result<()> {
        let engine = &self.engines[0];
        let path = "decisions/index.html";
        let shown = self.shown();
        let mut decisions = Vec::new();
        for d in query::decisions(&shown, &DecisionFilter::default())
            .into_iter()
            .rev()
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
        put(path, 0, &|| {
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
            .filter(|p| p.ends_with(".html"))
            .filter_map(|p| Some((self.address(p)?, changed.get(p).copied())))
            .collect();
        sitemap(&pages)
    }
}
