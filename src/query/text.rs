//! Text as search and the reading list compare it: lower case, accents
//! folded, runs of white space made one space.
//!
//! Accents are folded by canonical decomposition (NFD) and dropping the
//! combining marks, so that "martedì" and "martedi", "Kongo" and "kongo"
//! compare equal in every script that composes letters this way. Letters
//! that are not composed (ø, ł, ß) stay as they are. A folded text keeps
//! where each of its bytes came from, so a match can be shown in the
//! original.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Text folded for comparison, with the way back to the original.
pub struct Folded<'a> {
    pub text: String,
    original: &'a str,
    /// For each byte of `text`, where the original character it came from
    /// starts.
    origin: Vec<u32>,
}

impl<'a> Folded<'a> {
    pub fn new(original: &'a str) -> Folded<'a> {
        let mut text = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len());
        for (start, c) in original.char_indices() {
            fold_char(&mut text, c, |text, folded| {
                text.push(folded);
                origin.extend(std::iter::repeat_n(start as u32, folded.len_utf8()));
            });
        }
        Folded {
            text,
            original,
            origin,
        }
    }

    /// The byte range of the original text that `range` of the folded text
    /// came from.
    pub fn original(&self, range: Range<usize>) -> Range<usize> {
        let start = |at: usize| self.origin.get(at).map_or(0, |&s| s as usize);
        if range.is_empty() {
            return start(range.start)..start(range.start);
        }
        let last = start(range.end - 1);
        let width = self.original[last..]
            .chars()
            .next()
            .map_or(0, char::len_utf8);
        start(range.start)..last + width
    }

    pub fn find<'s>(&'s self, needle: &'s str) -> impl Iterator<Item = Range<usize>> + 's {
        find(&self.text, needle)
    }
}

/// Where `needle` (already folded) occurs in `haystack` (folded), starting
/// at the start of a word: "goma" matches "Goma," and "Gomas" but not
/// "Igoma".
pub fn find<'a>(haystack: &'a str, needle: &'a str) -> impl Iterator<Item = Range<usize>> + 'a {
    let anchored = needle.chars().next().is_some_and(char::is_alphanumeric);
    haystack
        .match_indices(needle)
        .filter(move |(at, _)| !anchored || word_start(haystack, *at))
        .map(|(at, m)| at..at + m.len())
}

/// The words of a folded text: its runs of letters and digits. A term
/// matches only where a word starts ([`find`]), so these are what a word
/// index keeps of a text.
pub fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// `text` folded, without the way back: what matching needs. Runs of
/// ASCII, most of any text, are folded a byte at a time.
pub fn fold_plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        for b in rest[..ascii].bytes() {
            // The white space of `char::is_whitespace` among ASCII.
            if matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ') {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            } else {
                out.push(char::from(b.to_ascii_lowercase()));
            }
        }
        rest = &rest[ascii..];
        let Some(c) = rest.chars().next() else { break };
        fold_char(&mut out, c, |out, folded| out.push(folded));
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Emits the folded form of `c` after `text`: white space as one space
/// (none after a space), ASCII lower-cased directly (the common case, and
/// fast), anything else decomposed, stripped of combining marks, lower-cased.
fn fold_char(text: &mut String, c: char, mut emit: impl FnMut(&mut String, char)) {
    if c.is_whitespace() {
        if !text.ends_with(' ') {
            emit(text, ' ');
        }
    } else if c.is_ascii() {
        emit(text, c.to_ascii_lowercase());
    } else {
        for base in std::iter::once(c).nfd().filter(|d| !is_combining_mark(*d)) {
            for lower in base.to_lowercase() {
                emit(text, lower);
            }
        }
    }
}

/// `text` folded: lower case, accents dropped, white space collapsed.
pub fn fold(text: &str) -> String {
    fold_plain(text).trim().to_string()
}

/// A key under which spellings of the same title compare equal: folded, with
/// punctuation dropped ("Why Chinese AI Has Stunned the World." and "why
/// chinese AI has stunned the world" give the same key).
pub fn key(text: &str) -> String {
    fold_plain(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn word_start(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_and_space() {
        assert_eq!(fold("  Martedì\n\t28  GENNAIO "), "martedi 28 gennaio");
        assert_eq!(fold("Straße Ørsted Éléonore"), "straße ørsted eleonore");
    }

    #[test]
    fn ascii_is_folded_as_any_other_text() {
        let text = "A\u{b}b\t\u{85}C\u{2003} d\r\nÉ \u{c}x";
        let slow: String = {
            let mut out = String::new();
            for c in text.chars() {
                fold_char(&mut out, c, |out, f| out.push(f));
            }
            out
        };
        assert_eq!(fold_plain(text), slow);
        assert_eq!(Folded::new(text).text, slow);
    }

    #[test]
    fn maps_matches_back_to_the_original() {
        let folded = Folded::new("Il martedì, a Goma");
        let hits: Vec<_> = folded.find("martedi").collect();
        assert_eq!(hits.len(), 1);
        let original = folded.original(hits[0].clone());
        assert_eq!(&"Il martedì, a Goma"[original], "martedì");
    }

    #[test]
    fn matches_start_at_a_word() {
        let folded = Folded::new("Igoma and Goma's people");
        let hits: Vec<_> = folded.find("goma").collect();
        assert_eq!(hits, vec![10..14]);
    }

    #[test]
    fn words_are_runs_of_letters_and_digits() {
        let text = fold_plain("Goma's M23 co-op, martedì!");
        assert_eq!(
            words(&text).collect::<Vec<_>>(),
            ["goma", "s", "m23", "co", "op", "martedi"]
        );
    }

    #[test]
    fn keys_ignore_punctuation() {
        assert_eq!(
            key("Why Chinese AI Has Stunned the World."),
            key("why chinese  AI has stunned the world")
        );
        assert_ne!(
            key("Rwanda does a Putin in Congo"),
            key("Why Chinese AI has stunned the world")
        );
    }
}
