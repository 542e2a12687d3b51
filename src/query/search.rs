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

/// The searchable fields of a unit, by name, in the order a reader meets
/// them.
type Fields<'m> = Vec<(&'static str, Cow<'m, str>)>;

/// The units a query is matched in, in order: the preamble, each item, the
/// postscript (those the meeting has); each its item (if it is one) and
/// its fields.
fn unit_fields(meeting: &Meeting) -> Vec<(Option<usize>, Fields<'_>)> {
    let texts = meeting_texts(meeting);
    let text = |name: &str| {
        texts
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(n, t)| (None, vec![(n, Cow::from(t))]))
    };
    let mut units: Vec<_> = text("preamble").into_iter().collect();
    units.extend(
        meeting
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| (Some(i), fields(item))),
    );
    units.extend(text("postscript"));
    units
}

/// The folded text of each unit a query is matched in (the preamble, the
/// items, the postscript), one field a line. A term matches only where its
/// words are words of the unit ([`needs`]), so a word index of these texts
/// finds every unit that can match, and the search reads only those.
pub fn units(meeting: &Meeting) -> Vec<String> {
    unit_fields(meeting)
        .into_iter()
        .map(|(_, fields)| {
            let mut out = String::new();
            for (_, text) in fields {
                out.push_str(&fold_plain(&text));
                out.push('\n');
            }
            out
        })
        .collect()
}

/// The words of each unit of `meeting` (its number in [`units`], and a
/// word; a word as often as it occurs), as [`units`] would give them.
pub fn unit_words(meeting: &Meeting, mut each: impl FnMut(u32, &str)) {
    for (unit, (_, fields)) in unit_fields(meeting).into_iter().enumerate() {
        for (_, text) in fields {
            super::text::fold_words(&text, |word| each(unit as u32, word));
        }
    }
}

/// The items (their indices, in order) among the units numbered `units`
/// (sorted) of `meeting`, in the order of [`units`]. It needs of the
/// meeting only its own fields, which say whether a preamble comes first.
pub fn unit_items(meeting: &Meeting, units: &[u32]) -> Vec<usize> {
    let first = usize::from(meeting_texts(meeting).iter().any(|(n, _)| *n == "preamble"));
    units
        .iter()
        .filter_map(|&u| (u as usize).checked_sub(first))
        .filter(|&i| i < meeting.items.len())
        .collect()
}

/// Keeps of `meeting` only the items among the units numbered `kept`
/// (sorted), in the order of [`units`]: a search finds in them all it
/// finds in the meeting's items, when the others lack a word the query
/// needs. The preamble and postscript stay, and are matched as ever.
pub fn keep_units(meeting: &mut Meeting, kept: &[u32]) {
    let items = unit_items(meeting, kept);
    let mut at = 0;
    meeting.items.retain(|_| {
        at += 1;
        items.binary_search(&(at - 1)).is_ok()
    });
}

/// What a unit's words must include for a term to match in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need<'a> {
    /// This word, whole.
    Word(&'a str),
    /// A word that starts so.
    Prefix(&'a str),
}

/// What `term` (folded) needs of the words of a unit it matches in: each
/// run of letters and digits in it is a word of the text (a match starts
/// only at a word, and the text has whatever separates the runs in the
/// term), whole where the term goes on after it, a prefix of a word where
/// the term ends in it. Empty for a term without letters or digits, which
/// any unit may hold.
pub fn needs(term: &str) -> Vec<Need<'_>> {
    let mut needs = Vec::new();
    let mut start = None;
    for (at, c) in term.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                needs.push(Need::Word(&term[from..at]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = start {
        needs.push(Need::Prefix(&term[from..]));
    }
    needs
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
        for (item, fields) in unit_fields(m) {
            let Some((field, snippet, highlights)) = match_fields(fields, query) else {
                continue;
            };
            let (place, private) = match item.map(|i| &m.items[i]) {
                Some(item) => (Place::new(record, item), item.private),
                None => (
                    Place {
                        meeting: record.id.to_string(),
                        date: m.date,
                        item: String::new(),
                        item_title: m.headline().unwrap_or_default().to_string(),
                    },
                    false,
                ),
            };
            hits.push(Hit {
                place,
                private,
                field,
                snippet,
                highlights,
            });
        }
    }
    hits
}

/// The first field of `fields` with a match, its snippet and highlights,
/// when every term of `query` matches in one of them.
fn match_fields(
    fields: Fields<'_>,
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
    // term in its window is highlighted.
    let (field, text, folded) = fields
        .into_iter()
        .find(|(_, _, f)| query.terms.iter().any(|t| find(f, t).next().is_some()))?;
    let folded = Folded::of(&text, folded);
    let found: Vec<Range<usize>> = query.terms.iter().flat_map(|t| folded.find(t)).collect();
    let mut matches = folded.originals(&found);
    matches.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let (snippet, highlights) = snippet(&text, &matches);
    Some((field, snippet, highlights))
}

/// The searchable text of an item, field by field, in the order a reader
/// meets them.
fn fields(item: &Item) -> Fields<'_> {
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
    // In characters: where the first match is, and where the snippet starts.
    let at = text.get(..first).map_or(0, |t| t.chars().count());
    let mut start = at.saturating_sub(BEFORE);
    // Begin at a word when one starts shortly after the cut.
    if start > 0 {
        let before = text.chars().skip(start).take(at - start);
        if let Some(space) = before.clone().position(char::is_whitespace) {
            start += space + 1;
        }
    }
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
    let mut window = text.char_indices().skip(start);
    for (i, c) in window.by_ref().take(SNIPPET) {
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
    if window.next().is_some() {
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
    fn terms_need_whole_words_and_a_prefix_at_the_end() {
        use Need::{Prefix, Word};
        assert_eq!(needs("goma"), [Prefix("goma")]);
        assert_eq!(needs("goma's"), [Word("goma"), Prefix("s")]);
        assert_eq!(needs("red line"), [Word("red"), Prefix("line")]);
        assert_eq!(needs("#a1 "), [Word("a1")]);
        assert_eq!(needs("—"), []);
    }

    /// Every match of a term, in texts made of a few letters, digits,
    /// marks and spaces, is in a unit whose words meet the term's needs.
    #[test]
    fn a_unit_that_matches_meets_the_needs() {
        let alphabet = ['a', 'b', 'à', '1', ' ', '-', '\'', 'B'];
        let mut seed = 7u64;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) as usize % n
        };
        for _ in 0..20_000 {
            let text: String = (0..next(12)).map(|_| alphabet[next(8)]).collect();
            let term = fold(
                &(0..1 + next(5))
                    .map(|_| alphabet[next(8)])
                    .collect::<String>(),
            );
            let folded = fold_plain(&text);
            if term.is_empty() || find(&folded, &term).next().is_none() {
                continue;
            }
            let words: Vec<&str> = super::super::text::words(&folded).collect();
            let mut streamed = Vec::new();
            super::super::text::fold_words(&text, |w| streamed.push(w.to_string()));
            assert_eq!(streamed, words, "{text:?}");
            for need in needs(&term) {
                let met = match need {
                    Need::Word(w) => words.contains(&w),
                    Need::Prefix(p) => words.iter().any(|w| w.starts_with(p)),
                };
                assert!(met, "{term:?} in {text:?}: {need:?} not among {words:?}");
            }
        }
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
