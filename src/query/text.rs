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
}

impl<'a> Folded<'a> {
    /// `original`, folded here (the search folds each text once, with
    /// [`Folded::of`]; the tests take this way).
    #[cfg(test)]
    pub fn new(original: &'a str) -> Folded<'a> {
        Folded::of(original, fold_plain(original))
    }

    /// `original` with its folded text `text` (`fold_plain(original)`),
    /// made already.
    pub fn of(original: &'a str, text: String) -> Folded<'a> {
        Folded { text, original }
    }

    /// The byte range of the original text that `range` of the folded text
    /// came from: from the start of the character that gave its first byte
    /// to the end of the one that gave its last.
    #[cfg(test)]
    pub fn original(&self, range: Range<usize>) -> Range<usize> {
        self.originals(std::slice::from_ref(&range))
            .pop()
            .unwrap_or(0..0)
    }

    /// [`Folded::original`] of each of `ranges`, in their order. They are
    /// found by folding the original again, once for them all, which for
    /// the few ranges a snippet shows costs less than keeping the way back
    /// for every byte.
    pub fn originals(&self, ranges: &[Range<usize>]) -> Vec<Range<usize>> {
        let mut out: Vec<Range<usize>> = vec![0..0; ranges.len()];
        // The ranges by where they start, and by where they end.
        let mut starts: Vec<usize> = (0..ranges.len()).collect();
        starts.sort_by_key(|&i| ranges[i].start);
        let mut ends: Vec<usize> = (0..ranges.len())
            .filter(|&i| !ranges[i].is_empty())
            .collect();
        ends.sort_by_key(|&i| ranges[i].end);
        let (mut s, mut e) = (0, 0);
        let mut folded = 0;
        let mut space = false;
        for (at, c) in self.original.char_indices() {
            if s == starts.len() && e == ends.len() {
                break;
            }
            let len = match c.is_ascii() {
                // What `fold_char` makes of ASCII, without its detour.
                true if is_ascii_space(c as u8) => {
                    let len = usize::from(!space);
                    space = true;
                    len
                }
                true => {
                    space = false;
                    1
                }
                false => {
                    let mut len = 0;
                    fold_char(space, c, |f| {
                        len += f.len_utf8();
                        space = f == ' ';
                    });
                    len
                }
            };
            let next = folded + len;
            while s < starts.len() && ranges[starts[s]].start < next {
                let i = starts[s];
                out[i] = at..if ranges[i].is_empty() { at } else { 0 };
                s += 1;
            }
            while e < ends.len() && ranges[ends[e]].end <= next {
                out[ends[e]].end = at + c.len_utf8();
                e += 1;
            }
            folded = next;
        }
        out
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

/// The words of `text` folded, one by one, without the folded text: what
/// `words(&fold_plain(text))` gives, for indexing much text.
pub fn fold_words(text: &str, mut each: impl FnMut(&str)) {
    let mut word = String::new();
    let mut flush = |word: &mut String| {
        if !word.is_empty() {
            each(word);
            word.clear();
        }
    };
    for c in text.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                word.push(c.to_ascii_lowercase());
            } else {
                flush(&mut word);
            }
            continue;
        }
        for base in std::iter::once(c).nfd().filter(|d| !is_combining_mark(*d)) {
            for lower in base.to_lowercase() {
                if lower.is_alphanumeric() {
                    word.push(lower);
                } else {
                    flush(&mut word);
                }
            }
        }
    }
    flush(&mut word);
}

/// `text` folded, without the way back: what matching needs. Runs of
/// ASCII, most of any text, are folded a byte at a time.
pub fn fold_plain(text: &str) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        for b in rest[..ascii].bytes() {
            if is_ascii_space(b) {
                if out.last() != Some(&b' ') {
                    out.push(b' ');
                }
            } else {
                out.push(b.to_ascii_lowercase());
            }
        }
        rest = &rest[ascii..];
        let Some(c) = rest.chars().next() else { break };
        fold_char(out.last() == Some(&b' '), c, |folded| {
            out.extend_from_slice(folded.encode_utf8(&mut [0; 4]).as_bytes())
        });
        rest = &rest[c.len_utf8()..];
    }
    // Whole characters went in, so the bytes are UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

/// The white space of `char::is_whitespace` among ASCII.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ')
}

/// Emits the folded form of `c`, after a space if `space`: white space as
/// one space (none after a space), ASCII lower-cased directly (the common
/// case, and fast), anything else decomposed, stripped of combining marks,
/// lower-cased.
fn fold_char(space: bool, c: char, mut emit: impl FnMut(char)) {
    if c.is_whitespace() {
        if !space {
            emit(' ');
        }
    } else if c.is_ascii() {
        emit(c.to_ascii_lowercase());
    } else {
        for base in std::iter::once(c).nfd().filter(|d| !is_combining_mark(*d)) {
            for lower in base.to_lowercase() {
                emit(lower);
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
                fold_char(out.ends_with(' '), c, |f| out.push(f));
            }
            out
        };
        assert_eq!(fold_plain(text), slow);
        assert_eq!(Folded::new(text).text, slow);
        let mut each = Vec::new();
        fold_words(text, |w| each.push(w.to_string()));
        assert_eq!(each, words(&slow).collect::<Vec<_>>());
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
    fn every_range_maps_back_as_byte_by_byte() {
        let text = " Il  martedì,\t\u{1e9e}ẞ a Goma  ";
        // The way back kept for every byte, as it used to be.
        let mut origin = Vec::new();
        let mut folded = String::new();
        for (start, c) in text.char_indices() {
            fold_char(folded.ends_with(' '), c, |f| {
                folded.push(f);
                origin.extend(std::iter::repeat_n(
                    start..start + c.len_utf8(),
                    f.len_utf8(),
                ));
            });
        }
        let lazy = Folded::new(text);
        assert_eq!(lazy.text, folded);
        for a in 0..=folded.len() {
            for b in a..=folded.len() {
                let expected = match a == b {
                    true => {
                        origin.get(a).map_or(0, |r| r.start)..origin.get(a).map_or(0, |r| r.start)
                    }
                    false => origin[a].start..origin[b - 1].end,
                };
                assert_eq!(lazy.original(a..b), expected, "{a}..{b}");
            }
        }
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
