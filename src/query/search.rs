//! Full-text search over the items of the archive.
//!
//! The unit is the item: its title, lead, notes, decisions, references,
//! sources and actions; the text before the first item (preamble) and after
//! the last (postscript) are units of their own. Every term of a query must
//! match somewhere in one unit; a term is a word, or a quoted phrase whose
//! words must follow each other. Terms match at the start of a word,
//! ignoring case and accents ("goma" finds "Goma", "martedi" finds
//! "martedì", "congo" finds "Congolese", but "ai" does not find "said").

use std::borrow::Cow;
use std::ops::Range;

use serde::Serialize;

use super::text::{Folded, find, fold, fold_plain};
use super::{Place, chronological};
use crate::archive::Loaded;
use crate::meeting::{Item, Meeting};

/// How much text a snippet shows, in characters.
const SNIPPET: usize = 80;
/// How much of it comes before the match.
const BEFORE: usize = 25;

/// A parsed query: its terms, folded.
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    terms: Vec<String>,
}

impl Query {
    /// Words and `"quoted phrases"`; an unclosed quote runs to the end.
    /// `None` when there is nothing to search for.
    pub fn parse(input: &str) -> Option<Query> {
        let mut terms = Vec::new();
        for (n, part) in input.split('"').enumerate() {
            if n % 2 == 1 {
                terms.push(fold(part));
            } else {
                terms.extend(part.split_whitespace().map(fold));
            }
        }
        terms.retain(|t| !t.is_empty());
        terms.dedup();
        (!terms.is_empty()).then_some(Query { terms })
    }
}

impl Query {
    /// The terms, folded.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }
}

/// Everything search looks at in a meeting, folded, one field a line: a
/// meeting whose text lacks one of a query's terms cannot match it, so the
/// index can pass it over without reading its notes.
pub fn searchable(meeting: &Meeting) -> String {
    let mut out = String::new();
    let texts = meeting_texts(meeting).into_iter().map(|(_, t)| t.into());
    for text in texts.chain(
        meeting
            .items
            .iter()
            .flat_map(|i| fields(i).into_iter().map(|(_, t)| t)),
    ) {
        out.push_str(&fold_plain(&text));
        out.push('\n');
    }
    out
}

/// The texts of a meeting outside its items, by name.
fn meeting_texts(meeting: &Meeting) -> Vec<(&'static str, &str)> {
    [
        ("preamble", &meeting.preamble),
        ("postscript", &meeting.postscript),
    ]
    .into_iter()
    .filter(|(_, text)| !text.trim().is_empty())
    .map(|(name, text)| (name, text.as_str()))
    .collect()
}

/// An item that matches, with a snippet around the first match. A match
/// in the preamble or postscript has an empty `item`, and the meeting's
/// headline as `item_title`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hit {
    #[serde(flatten)]
    pub place: Place,
    pub private: bool,
    /// Where the snippet comes from: title, lead, notes, decision, ref,
    /// source, action, preamble or postscript.
    pub field: &'static str,
    pub snippet: String,
    /// The matches in `snippet`, as character offsets `[start, end)`.
    pub highlights: Vec<[usize; 2]>,
}

/// The items of `records` that match `query`, oldest first.
pub fn search<'a>(records: impl IntoIterator<Item = &'a Loaded>, query: &Query) -> Vec<Hit> {
    let mut hits = Vec::new();
    for record in chronological(records) {
        let m = &record.meeting;
        let texts = meeting_texts(m);
        let mut found = |place: Place, private, fields| {
            if let Some((field, snippet, highlights)) = match_fields(fields, query) {
                hits.push(Hit {
                    place,
                    private,
                    field,
                    snippet,
                    highlights,
                });
            }
        };
        let whole = || Place {
            meeting: record.id.to_string(),
            date: m.date,
            item: String::new(),
            item_title: m.headline().unwrap_or_default().to_string(),
        };
        if let Some(&(name, text)) = texts.iter().find(|(n, _)| *n == "preamble") {
            found(whole(), false, vec![(name, text.into())]);
        }
        for item in &m.items {
            found(Place::new(record, item), item.private, fields(item));
        }
        if let Some(&(name, text)) = texts.iter().find(|(n, _)| *n == "postscript") {
            found(whole(), false, vec![(name, text.into())]);
        }
    }
    hits
}

/// The first field of `fields` with a match, its snippet and highlights,
/// when every term of `query` matches in one of them.
fn match_fields(
    fields: Vec<(&'static str, Cow<'_, str>)>,
    query: &Query,
) -> Option<(&'static str, String, Vec<[usize; 2]>)> {
    let fields: Vec<(&'static str, Cow<'_, str>, String)> = fields
        .into_iter()
        .map(|(name, text)| {
            let folded = fold_plain(&text);
            (name, text, folded)
        })
        .collect();
    let every_term = query.terms.iter().all(|term| {
        fields
            .iter()
            .any(|(_, _, f)| find(f, term).next().is_some())
    });
    if !every_term {
        return None;
    }
    // The first field with a match holds the snippet; every match of any
    // term in its window is highlighted. Only this field is folded again
    // with the way back to the original, which costs more.
    let (field, text, _) = fields
        .iter()
        .find(|(_, _, f)| query.terms.iter().any(|t| find(f, t).next().is_some()))?;
    let folded = Folded::new(text);
    let mut matches: Vec<Range<usize>> = query
        .terms
        .iter()
        .flat_map(|t| folded.find(t).map(|r| folded.original(r)))
        .collect();
    matches.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let (snippet, highlights) = snippet(text, &matches);
    Some((field, snippet, highlights))
}

/// The searchable text of an item, field by field, in the order a reader
/// meets them.
fn fields(item: &Item) -> Vec<(&'static str, Cow<'_, str>)> {
    let mut fields = vec![("title", Cow::from(&item.title))];
    fields.extend(item.lead.as_deref().map(|l| ("lead", l.into())));
    if !item.notes.trim().is_empty() {
        fields.push(("notes", item.notes.as_str().into()));
    }
    fields.extend(
        item.decisions
            .iter()
            .map(|d| ("decision", d.text.as_str().into())),
    );
    if !item.refs.is_empty() {
        fields.push(("ref", item.refs.join(" ").into()));
    }
    for s in &item.sources {
        let parts: Vec<&str> = [
            Some(s.title.as_str()),
            s.author.as_deref(),
            s.publisher.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect();
        fields.push(("source", parts.join(" — ").into()));
    }
    for a in &item.actions {
        let owner = a
            .owner
            .as_deref()
            .map(|o| format!(" ({o})"))
            .unwrap_or_default();
        fields.push(("action", format!("{}{owner}", a.task).into()));
    }
    fields
}

/// About [`SNIPPET`] characters of `text` around the first of `matches`
/// (byte ranges, sorted), white space collapsed, with an ellipsis where cut;
/// and the matches inside it as character offsets.
fn snippet(text: &str, matches: &[Range<usize>]) -> (String, Vec<[usize; 2]>) {
    let first = matches.first().map_or(0, |r| r.start);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = chars.partition_point(|(i, _)| *i < first);
    let mut start = at.saturating_sub(BEFORE);
    // Begin at a word when one starts shortly after the cut.
    if start > 0 {
        if let Some(space) = chars[start..at].iter().position(|(_, c)| c.is_whitespace()) {
            start += space + 1;
        }
    }
    let end = (start + SNIPPET).min(chars.len());
    let mut out = String::new();
    let mut highlights = Vec::new();
    let mut open: Option<usize> = None;
    let mut count = 0;
    let push = |out: &mut String, c: char, count: &mut usize| {
        out.push(c);
        *count += 1;
    };
    if start > 0 {
        push(&mut out, '…', &mut count);
    }
    for &(i, c) in &chars[start..end] {
        if open.is_none() {
            if let Some(m) = matches.iter().find(|m| m.start == i && m.end <= text.len()) {
                open = Some(m.end);
                highlights.push([count, count]);
            }
        }
        if c.is_whitespace() {
            if !out.ends_with(' ') && !out.is_empty() && !out.ends_with('…') {
                push(&mut out, ' ', &mut count);
            }
        } else {
            push(&mut out, c, &mut count);
        }
        if let Some(close) = open {
            if i + c.len_utf8() >= close {
                highlights.last_mut().expect("opened")[1] = count;
                open = None;
            }
        }
    }
    if open.is_some() {
        highlights.last_mut().expect("opened")[1] = count;
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    if end < chars.len() {
        out.push('…');
    }
    (out, highlights)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_have_words_and_phrases() {
        let q = Query::parse("Goma  \"Red   Line\" martedì").unwrap();
        assert_eq!(q.terms, ["goma", "red line", "martedi"]);
        assert_eq!(Query::parse("  \"\" "), None);
    }

    #[test]
    fn snippets_cut_around_the_match_and_mark_it() {
        let text = "The M23 rebels, after weeks of fighting in the hills, entered Goma\non Monday night, and the city fell within two days of fighting.";
        let at = text.find("Goma").unwrap();
        let (s, h) = snippet(text, std::slice::from_ref(&(at..at + 4)));
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.chars().count() <= SNIPPET + 2, "{s}");
        let marked: String = s.chars().skip(h[0][0]).take(h[0][1] - h[0][0]).collect();
        assert_eq!(marked, "Goma");
        assert!(s.contains("Goma on Monday"), "{s}");
    }
}
