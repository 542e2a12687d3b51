//! The cumulative reading list: every source cited, each once, with the
//! places that cited it.
//!
//! Two citations are the same source when their titles agree once case,
//! accents, spacing and punctuation are set aside, and their author and
//! publisher agree wherever both citations give one. Two articles of one
//! publisher stay two sources; a book cited once with its publisher and once
//! without stays one.

use std::collections::HashMap;

use serde::Serialize;

use super::text::key;
use super::{Place, chronological};
use crate::archive::Loaded;
use crate::meeting::Source;

/// A source and the places that cited it, oldest first.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CitedSource {
    /// The fullest description found among its citations.
    #[serde(flatten)]
    pub source: Source,
    pub cited: Vec<Place>,
}

/// Every source of the archive, by title; only those of `kind` (ignoring
/// case) when given.
pub fn reading_list<'a>(
    records: impl IntoIterator<Item = &'a Loaded>,
    kind: Option<&str>,
) -> Vec<CitedSource> {
    let kind = kind.map(key);
    let mut list: Vec<(String, CitedSource)> = Vec::new();
    // Titles lead to their entries, so that a large archive is not compared
    // pairwise.
    let mut by_title: HashMap<String, Vec<usize>> = HashMap::new();
    for record in chronological(records) {
        for item in &record.meeting.items {
            for source in &item.sources {
                if kind
                    .as_ref()
                    .is_some_and(|k| source.kind.as_deref().map(key).as_ref() != Some(k))
                {
                    continue;
                }
                let title = key(&source.title);
                let place = Place::new(record, item);
                let same = by_title.entry(title.clone()).or_default();
                match same
                    .iter()
                    .find(|&&i| same_origin(&list[i].1.source, source))
                {
                    Some(&i) => {
                        let known = &mut list[i].1;
                        complete(&mut known.source, source);
                        if !known.cited.contains(&place) {
                            known.cited.push(place);
                        }
                    }
                    None => {
                        same.push(list.len());
                        list.push((
                            title,
                            CitedSource {
                                source: source.clone(),
                                cited: vec![place],
                            },
                        ));
                    }
                }
            }
        }
    }
    list.sort_by(|a, b| a.0.cmp(&b.0));
    list.into_iter().map(|(_, s)| s).collect()
}

/// Author and publisher agree wherever both are given.
fn same_origin(a: &Source, b: &Source) -> bool {
    let agree = |x: &Option<String>, y: &Option<String>| match (x, y) {
        (Some(x), Some(y)) => key(x) == key(y),
        _ => true,
    };
    agree(&a.author, &b.author) && agree(&a.publisher, &b.publisher)
}

/// Fills in what `known` lacks from another citation of the same source.
fn complete(known: &mut Source, other: &Source) {
    for (mine, theirs) in [
        (&mut known.author, &other.author),
        (&mut known.publisher, &other.publisher),
        (&mut known.kind, &other.kind),
        (&mut known.url, &other.url),
    ] {
        if mine.is_none() {
            mine.clone_from(theirs);
        }
    }
    if known.year.is_none() {
        known.year = other.year;
    }
}
