//! The outline of a Markdown file: its top-level blocks with their byte
//! ranges, as pulldown-cmark finds them.
//!
//! Everything the importer keeps is sliced from the source by these
//! ranges, never re-serialized: a block's range covers whole lines, so a
//! slice is the text as the person wrote it. Headings carry their level and
//! the range of their text, lists their entries (the first line of an entry
//! apart from the rest, for lists whose entries are items). Nothing here
//! knows what a meeting is.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// A file's text, its lines and its top-level blocks.
pub struct Outline<'a> {
    pub text: &'a str,
    pub blocks: Vec<Block>,
    /// Where each line starts (byte offsets), for line numbers.
    starts: Vec<usize>,
}

#[derive(Clone, Debug)]
pub struct Block {
    pub kind: Kind,
    /// Whole lines, the last line's end of line included.
    pub span: Range<usize>,
}

#[derive(Clone, Debug)]
pub enum Kind {
    Heading {
        level: u8,
        /// The heading's words, without the `#` marks.
        text: Range<usize>,
    },
    Paragraph,
    List {
        entries: Vec<Entry>,
    },
    /// A thematic break: `---`.
    Rule,
    /// YAML front matter between `---` lines.
    FrontMatter,
    /// Code, HTML, a quote, a table: kept whole.
    Other,
}

/// One entry of a top-level list.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The whole entry, in whole lines.
    pub span: Range<usize>,
    /// Its first paragraph, after the list marker, trimmed.
    pub first: Range<usize>,
    /// What follows the first paragraph (nested lists, more paragraphs),
    /// in whole lines; empty when there is nothing.
    pub rest: Range<usize>,
}

impl<'a> Outline<'a> {
    pub fn parse(text: &'a str) -> Outline<'a> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        if starts.last() == Some(&text.len()) && !text.is_empty() {
            starts.pop();
        }
        let mut outline = Outline {
            text,
            blocks: Vec::new(),
            starts,
        };
        outline.blocks = outline.top_level();
        outline
    }

    /// The number of the line holding byte `at`, from 1.
    pub fn line_of(&self, at: usize) -> usize {
        self.starts.partition_point(|&s| s <= at).max(1)
    }

    /// The byte ranges of the lines (from 1) that `span` covers.
    pub fn lines_in(&self, span: &Range<usize>) -> Range<usize> {
        if span.is_empty() {
            let line = self.line_of(span.start);
            return line..line;
        }
        self.line_of(span.start)..self.line_of(span.end - 1) + 1
    }

    /// The text of line `n` (from 1), without its end of line.
    pub fn line(&self, n: usize) -> &'a str {
        let start = self.starts[n - 1];
        let end = self.starts.get(n).copied().unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// `range` widened to whole lines, the last end of line included.
    pub fn whole_lines(&self, range: Range<usize>) -> Range<usize> {
        let text = self.text.as_bytes();
        let mut start = range.start.min(text.len());
        while start > 0 && text[start - 1] != b'\n' {
            start -= 1;
        }
        let mut end = range.end.max(start).min(text.len());
        if end > start && text[end - 1] == b'\n' {
            return start..end;
        }
        while end < text.len() && text[end] != b'\n' {
            end += 1;
        }
        if end < text.len() {
            end += 1;
        }
        start..end
    }

    pub fn slice(&self, range: &Range<usize>) -> &'a str {
        &self.text[range.clone()]
    }

    fn top_level(&self) -> Vec<Block> {
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
        let mut blocks: Vec<Block> = Vec::new();
        let mut depth = 0usize;
        // The list being read: its entries so far, and the entry open now.
        let mut entries: Vec<Entry> = Vec::new();
        let mut entry: Option<(Range<usize>, Option<usize>)> = None;
        for (event, range) in Parser::new_ext(self.text, options).into_offset_iter() {
            match event {
                Event::Start(tag) => {
                    if depth == 0 {
                        entries.clear();
                    }
                    if depth == 2 {
                        // The first block inside an entry ends its first paragraph
                        // unless it is that paragraph.
                        if let Some((span, first_end)) = &mut entry {
                            let block = matches!(
                                tag,
                                Tag::Paragraph
                                    | Tag::List(_)
                                    | Tag::CodeBlock(_)
                                    | Tag::BlockQuote(_)
                                    | Tag::HtmlBlock
                                    | Tag::Heading { .. }
                                    | Tag::Table(_)
                            );
                            if block && first_end.is_none() {
                                *first_end = Some(match tag {
                                    Tag::Paragraph => range.end,
                                    // A nested block starts on a line of its own.
                                    _ => self
                                        .whole_lines(range.start..range.start)
                                        .start
                                        .max(span.start),
                                });
                            }
                        }
                    }
                    if depth == 1 && matches!(tag, Tag::Item) {
                        entry = Some((range.clone(), None));
                    }
                    depth += 1;
                }
                Event::End(end) => {
                    depth = depth.saturating_sub(1);
                    if depth == 1 && matches!(end, TagEnd::Item) {
                        if let Some((span, first_end)) = entry.take() {
                            entries.push(self.entry(span, first_end));
                        }
                    }
                    if depth == 0 {
                        // The parser's range of a list can run on into what
                        // follows (the indentation of a paragraph that ends
                        // it, a link definition): it ends with its last entry.
                        let range = match (&end, entries.last()) {
                            (TagEnd::List(_), Some(last)) => {
                                range.start..range.end.min(last.span.end)
                            }
                            _ => range,
                        };
                        let kind = match end {
                            TagEnd::Heading(level) => Kind::Heading {
                                level: level as u8,
                                text: self.heading_text(&range),
                            },
                            TagEnd::Paragraph => Kind::Paragraph,
                            TagEnd::List(_) => Kind::List {
                                entries: std::mem::take(&mut entries),
                            },
                            TagEnd::MetadataBlock(_) => Kind::FrontMatter,
                            _ => Kind::Other,
                        };
                        self.push(&mut blocks, kind, range);
                    }
                }
                Event::Rule if depth == 0 => self.push(&mut blocks, Kind::Rule, range),
                Event::Html(_) | Event::InlineHtml(_) | Event::Text(_) if depth == 0 => {
                    self.push(&mut blocks, Kind::Other, range)
                }
                _ => {}
            }
        }
        self.with_unseen_lines(blocks)
    }

    /// `blocks` and, between them, the lines the parser reports no event
    /// for (link reference definitions, `[id]: https://...`), as blocks
    /// kept whole: they are the person's text like any other.
    fn with_unseen_lines(&self, blocks: Vec<Block>) -> Vec<Block> {
        let mut out = Vec::with_capacity(blocks.len());
        let mut at = 0;
        for block in blocks.into_iter().chain(std::iter::once(Block {
            kind: Kind::Other,
            span: self.text.len()..self.text.len(),
        })) {
            let gap = &self.text[at..block.span.start.max(at)];
            if !gap.trim().is_empty() {
                let start = at + (gap.len() - gap.trim_start().len());
                let end = at + gap.trim_end().len();
                out.push(Block {
                    kind: Kind::Other,
                    span: self.whole_lines(start..end),
                });
            }
            at = at.max(block.span.end);
            if !block.span.is_empty() {
                out.push(block);
            }
        }
        out
    }

    /// Adds a block, in whole lines; a block that starts on a line an
    /// earlier one ends on (lazy text, odd HTML) joins it.
    fn push(&self, blocks: &mut Vec<Block>, kind: Kind, range: Range<usize>) {
        let span = self.whole_lines(range);
        if let Some(last) = blocks.last_mut() {
            if span.start < last.span.end {
                last.span.end = last.span.end.max(span.end);
                return;
            }
        }
        blocks.push(Block { kind, span });
    }

    fn entry(&self, span: Range<usize>, first_end: Option<usize>) -> Entry {
        let span = self.whole_lines(span);
        let line_end = |at: usize| self.whole_lines(at..at).end;
        let body_start = {
            // After the list marker (`*`, `-`, `+`, `1.`, `1)`) and its space.
            let line = &self.text[span.start..line_end(span.start).max(span.start)];
            let indent = line.len() - line.trim_start().len();
            let rest = &line[indent..];
            let marker = match rest.chars().next() {
                Some('*' | '-' | '+') => 1,
                _ => rest
                    .find(['.', ')'])
                    .filter(|&i| rest[..i].bytes().all(|b| b.is_ascii_digit()))
                    .map_or(0, |i| i + 1),
            };
            let after = &rest[marker..];
            let task = after.trim_start();
            let task =
                if task.starts_with("[ ]") || task.starts_with("[x]") || task.starts_with("[X]") {
                    after.len() - task.len() + 3
                } else {
                    0
                };
            span.start + indent + marker + task
        };
        let first_end = first_end.unwrap_or(span.end).clamp(body_start, span.end);
        // The first paragraph ends at the end of the line it ends on.
        let first_lines_end = if first_end > body_start {
            line_end(first_end - 1).min(span.end)
        } else {
            line_end(body_start).min(span.end)
        };
        let first = trimmed(self.text, body_start..first_end.max(body_start));
        let rest = first_lines_end.min(span.end)..span.end;
        let rest = if self.text[rest.clone()].trim().is_empty() {
            span.end..span.end
        } else {
            rest
        };
        Entry { span, first, rest }
    }

    /// The words of a heading: an ATX line without its `#` marks, or the
    /// text above a setext underline.
    fn heading_text(&self, range: &Range<usize>) -> Range<usize> {
        let whole = self.text[range.clone()].trim_end();
        let start = range.start;
        if whole.trim_start().starts_with('#') {
            let line = &whole[..whole.find('\n').unwrap_or(whole.len())];
            let lead = line.len() - line.trim_start().len();
            let from = lead + line[lead..].bytes().take_while(|&b| b == b'#').count();
            let body = line[from..].trim_end();
            // A closing sequence of `#` is not part of the heading.
            let open = body.trim_end_matches('#');
            let to = if open.len() < body.len() && (open.is_empty() || open.ends_with([' ', '\t']))
            {
                from + open.len()
            } else {
                from + body.len()
            };
            return trimmed(self.text, start + from..start + to);
        }
        // Setext: every line but the underline.
        let underline = whole.rfind('\n').unwrap_or(whole.len());
        trimmed(self.text, start..start + underline)
    }
}

/// `range` without the white space at either end.
pub fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let part = &text[range.clone()];
    let start = range.start + (part.len() - part.trim_start().len());
    let end = range.start + part.trim_end().len();
    start..end.max(start)
}

/// `text` with the indentation its lines share taken away: notes nested
/// under a list entry read as notes of their own.
pub fn dedent(text: &str) -> String {
    let indent = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    if indent == 0 {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let spaces = line.len() - line.trim_start_matches(' ').len();
        out.push_str(&line[spaces.min(indent)..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(outline: &Outline<'_>) -> Vec<String> {
        outline
            .blocks
            .iter()
            .map(|b| match &b.kind {
                Kind::Heading { level, text } => format!("h{level}:{}", outline.slice(text)),
                Kind::Paragraph => "p".into(),
                Kind::List { entries } => format!("list{}", entries.len()),
                Kind::Rule => "hr".into(),
                Kind::FrontMatter => "meta".into(),
                Kind::Other => "other".into(),
            })
            .collect()
    }

    #[test]
    fn blocks_cover_whole_lines_and_headings_lose_their_marks() {
        let text = "---\ntitle: x\n---\n# Call 2025-01-28 #\n\nSetext\n======\n\n* a [#1](u)\n  * note\n* b\n\n---\n\n```\n# not a heading\n```\n";
        let outline = Outline::parse(text);
        assert_eq!(
            kinds(&outline),
            [
                "meta",
                "h1:Call 2025-01-28",
                "h1:Setext",
                "list2",
                "hr",
                "other"
            ]
        );
        let Kind::List { entries } = &outline.blocks[3].kind else {
            panic!()
        };
        assert_eq!(outline.slice(&entries[0].first), "a [#1](u)");
        assert_eq!(outline.slice(&entries[0].rest), "  * note\n");
        assert_eq!(outline.slice(&entries[1].first), "b");
        assert!(entries[1].rest.is_empty());
        assert_eq!(outline.line_of(outline.blocks[1].span.start), 4);
        assert_eq!(outline.line(4), "# Call 2025-01-28 #");
    }

    #[test]
    fn an_entry_of_several_lines_keeps_them_in_its_first_paragraph() {
        let text = "1. Name\n   continued\n\n   more\n2. Other\n";
        let outline = Outline::parse(text);
        let Kind::List { entries } = &outline.blocks[0].kind else {
            panic!()
        };
        assert_eq!(outline.slice(&entries[0].first), "Name\n   continued");
        assert_eq!(outline.slice(&entries[0].rest), "\n   more\n");
    }

    #[test]
    fn a_paragraph_that_ends_a_list_and_link_definitions_are_blocks_of_their_own() {
        let text = "* Shall we? [#9](u)\n  \n Ivo: yes.\nMara: no.\n\n* Next [#8](v)\n\n[B-1]: https://example.org/1\n[B-2]: https://example.org/2\n\n## After\n";
        let outline = Outline::parse(text);
        assert_eq!(
            kinds(&outline),
            ["list1", "p", "list1", "other", "h2:After"]
        );
        assert_eq!(
            outline.slice(&outline.blocks[1].span),
            " Ivo: yes.\nMara: no.\n"
        );
        assert_eq!(
            outline.slice(&outline.blocks[3].span),
            "[B-1]: https://example.org/1\n[B-2]: https://example.org/2\n"
        );
    }

    #[test]
    fn dedent_removes_the_shared_indentation_only() {
        assert_eq!(dedent("  * a\n    * b\n\n  c\n"), "* a\n  * b\n\nc\n");
        assert_eq!(dedent("a\n  b\n"), "a\n  b\n");
    }
}
