//! Markdown notes into the output format: safe HTML, or plain text.
//!
//! HTML goes through pulldown-cmark with raw HTML dropped, then through
//! ammonia, which removes whatever could still run (event attributes,
//! `javascript:` links). Plain text keeps the paragraphs and lists, drops
//! the markup, shows link targets in brackets, and wraps the lines.
//!
//! Markdown output stays Markdown, made safe for whatever turns it into
//! HTML later (a site generator): plain fields are escaped ([`escape`]),
//! and in notes ([`sanitize`]) every `<` outside code is written `&lt;` (so
//! no raw HTML survives, whichever Markdown dialect reads it) and a link
//! to anything but http, https, mailto or a relative address loses its
//! brackets. The rest of the notes is kept byte for byte.
//!
//! Nesting (quotes in quotes, lists in lists) is cut at [`MAX_DEPTH`]
//! before anything else sees it: the text of deeper levels stays, their
//! markup goes. The sanitizer's work grows with the square of the depth,
//! and notes of fifty thousand nested `>` took minutes to render.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The width of plain-text output.
pub const WIDTH: usize = 72;

/// How deep blocks and spans may nest; notes written by people nest a few
/// levels at most.
pub const MAX_DEPTH: usize = 24;

fn parser(markdown: &str) -> impl Iterator<Item = Event<'_>> {
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES;
    let events = Parser::new_ext(markdown, options)
        .filter(|e| !matches!(e, Event::Html(_) | Event::InlineHtml(_)));
    shallow(events)
}

/// `events` without the start and end of any element nested deeper than
/// [`MAX_DEPTH`]; what such elements hold is kept.
fn shallow<'a>(events: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    // Per open element: whether its start was kept. Elements open and close
    // in order, so the end of each is dropped exactly when its start was.
    let mut open: Vec<bool> = Vec::new();
    let mut depth = 0;
    events.filter(move |event| match event {
        Event::Start(_) => {
            let kept = depth < MAX_DEPTH;
            depth += usize::from(kept);
            open.push(kept);
            kept
        }
        Event::End(_) => {
            let kept = open.pop().unwrap_or(true);
            depth = depth.saturating_sub(usize::from(kept));
            kept
        }
        _ => true,
    })
}

/// `markdown` as HTML that is safe to put into a page.
pub fn to_html(markdown: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser(markdown));
    SANITIZER.clean(&html).to_string()
}

/// The sanitizer, made once: its tables of tags and attributes are built
/// when it is made. No `rel` on links: a link whose unsafe target was
/// removed stays a plain `<a>`, which HTML allows only without `rel`.
static SANITIZER: std::sync::LazyLock<ammonia::Builder<'static>> = std::sync::LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder.link_rel(None);
    builder
});

/// `text`, a plain field (a title, a name, a task), as Markdown text that
/// reads the same: HTML characters as entities, the punctuation Markdown
/// acts on escaped with `\`, line breaks as spaces, and what would open a
/// block at the start of a line (`-`, `+`, `=`, `1. `, `#`) escaped there.
/// A number goes on a list only when a space follows its `.` or `)`, so
/// that an outline number such as `4.1` stays as it is.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let mut after_space = true;
    for (i, c) in text.char_indices() {
        let starts_block = match c {
            '-' | '+' | '=' => i == 0,
            '.' | ')' => {
                i == digits && i > 0 && text[i + 1..].chars().next().is_none_or(char::is_whitespace)
            }
            // A heading's closing `#`s follow a space; `C#` is safe.
            '#' => after_space,
            _ => false,
        };
        after_space = c.is_whitespace();
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            _ if starts_block => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Whether a link in notes may stay a link: http, https, mailto, or an
/// address without a scheme (relative, or an anchor). Browsers ignore tabs
/// and line breaks in a scheme (`java\tscript:`), so they are ignored here.
fn harmless_link(url: &str) -> bool {
    let bare: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme_end = bare.find(|c: char| !(c.is_ascii_alphanumeric() || "+-.".contains(c)));
    match scheme_end {
        Some(end) if end > 0 && bare[end..].starts_with(':') => {
            ["http", "https", "mailto"].contains(&&bare[..end])
        }
        _ => true,
    }
}

/// `notes` as Markdown that carries no HTML and no link that runs: every
/// `<` outside code becomes `&lt;` (an autolink to a harmless address
/// keeps its `<`), and a link to a harmful address gets its `[` escaped,
/// so that it is text. Everything else is left as the person wrote it.
pub fn sanitize(notes: &str) -> String {
    use pulldown_cmark::LinkType;
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES;
    let mut code: Vec<std::ops::Range<usize>> = Vec::new();
    let mut keep_lt = std::collections::HashSet::new();
    let mut unlink = Vec::new();
    for (event, range) in Parser::new_ext(notes, options).into_offset_iter() {
        match event {
            Event::Code(_) | Event::Start(Tag::CodeBlock(_)) => code.push(range),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let angle = matches!(link_type, LinkType::Autolink | LinkType::Email);
                match (angle, harmless_link(&dest_url)) {
                    (true, true) => {
                        keep_lt.insert(range.start);
                    }
                    (true, false) => {}
                    (false, harmless) => {
                        if !harmless {
                            unlink.push(range.start);
                        }
                    }
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) if !harmless_link(&dest_url) => {
                unlink.push(range.start + 1);
            }
            _ => {}
        }
    }
    // The ranges come in document order and do not overlap.
    let in_code = |at: usize| {
        let after = code.partition_point(|r| r.start <= at);
        after > 0 && code[after - 1].contains(&at)
    };
    let mut out = String::with_capacity(notes.len());
    let mut last = 0;
    let mut marks: Vec<usize> = memchr::memchr_iter(b'<', notes.as_bytes())
        .filter(|at| !keep_lt.contains(at) && !in_code(*at))
        .chain(
            unlink
                .into_iter()
                .filter(|at| notes.as_bytes().get(*at) == Some(&b'[')),
        )
        .collect();
    marks.sort_unstable();
    for at in marks {
        out.push_str(&notes[last..at]);
        if notes.as_bytes()[at] == b'<' {
            out.push_str("&lt;");
            last = at + 1;
        } else {
            out.push('\\');
            last = at;
        }
    }
    out.push_str(&notes[last..]);
    out
}

/// One block of plain text and how it is laid out.
struct Block {
    text: String,
    first: String,
    rest: String,
    /// List items follow each other without a blank line.
    item: bool,
    /// Code keeps its lines as they are.
    verbatim: bool,
}

/// The state of a walk over Markdown events towards plain text.
#[derive(Default)]
struct Plain {
    blocks: Vec<Block>,
    text: String,
    /// Per open list: the next number (ordered) or none (bullets).
    lists: Vec<Option<u64>>,
    quote: usize,
    links: Vec<String>,
    /// The marker of the list item that the next block opens.
    marker: Option<String>,
    verbatim: bool,
}

impl Plain {
    /// Ends the block being collected, if it holds any text.
    fn flush(&mut self) {
        let body = self.text.trim();
        if !body.is_empty() {
            let base = "> ".repeat(self.quote) + &"  ".repeat(self.lists.len().saturating_sub(1));
            let (first, rest) = match self.marker.take() {
                Some(marker) => {
                    let hang = " ".repeat(marker.chars().count());
                    (base.clone() + &marker, base + &hang)
                }
                None if self.lists.is_empty() => (base.clone(), base),
                None => (base.clone() + "  ", base + "  "),
            };
            let text = if self.verbatim {
                self.text.trim_end().to_string()
            } else {
                body.to_string()
            };
            self.blocks.push(Block {
                text,
                first,
                rest,
                item: !self.lists.is_empty(),
                verbatim: self.verbatim,
            });
        }
        self.text.clear();
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(Tag::List(start)) => {
                self.flush();
                self.lists.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                self.flush();
                self.lists.pop();
            }
            Event::Start(Tag::Item) => {
                self.flush();
                self.marker = Some(match self.lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{}. ", *n - 1)
                    }
                    _ => "- ".to_string(),
                });
            }
            Event::Start(Tag::BlockQuote(_)) => {
                self.flush();
                self.quote += 1;
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                self.flush();
                self.quote = self.quote.saturating_sub(1);
            }
            Event::Start(Tag::CodeBlock(_)) => {
                self.flush();
                self.verbatim = true;
            }
            Event::End(TagEnd::CodeBlock) => {
                self.flush();
                self.verbatim = false;
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableRow,
            ) => self.flush(),
            Event::End(TagEnd::TableCell) => self.text.push_str(" | "),
            Event::Start(Tag::Link { dest_url, .. }) => self.links.push(dest_url.to_string()),
            Event::End(TagEnd::Link) => {
                if let Some(url) = self.links.pop() {
                    if !self.text.ends_with(url.as_str()) {
                        self.text.push_str(&format!(" ({url})"));
                    }
                }
            }
            Event::Text(t) if self.verbatim => {
                for line in t.lines() {
                    self.text.push_str("    ");
                    self.text.push_str(line);
                    self.text.push('\n');
                }
            }
            Event::Text(t) | Event::Code(t) => self.text.push_str(&t),
            Event::SoftBreak => self.text.push(' '),
            Event::HardBreak => self.text.push('\n'),
            Event::Rule => {
                self.flush();
                self.text.push_str("----");
                let verbatim = std::mem::replace(&mut self.verbatim, true);
                self.flush();
                self.verbatim = verbatim;
            }
            _ => {}
        }
    }
}

/// `markdown` as plain text, wrapped at `width`.
pub fn to_text(markdown: &str, width: usize) -> String {
    let mut plain = Plain::default();
    for event in parser(markdown) {
        plain.event(event);
    }
    plain.flush();
    let mut out = String::new();
    for (n, block) in plain.blocks.iter().enumerate() {
        if n > 0 {
            let tight = block.item && plain.blocks[n - 1].item;
            out.push_str(if tight { "\n" } else { "\n\n" });
        }
        if block.verbatim {
            out.push_str(&block.text);
        } else {
            out.push_str(&wrap(&block.text, width, &block.first, &block.rest));
        }
    }
    out
}

/// `text` wrapped at `width` columns: the first line after `first`, the
/// others after `rest`. Line breaks in `text` are kept.
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> String {
    let mut out = String::new();
    let mut line = String::from(first);
    let mut fresh = true;
    for (n, hard) in text.split('\n').enumerate() {
        if n > 0 {
            out.push_str(line.trim_end());
            out.push('\n');
            line = String::from(rest);
            fresh = true;
        }
        // Split at spaces only: a no-break space keeps "30 min" together.
        for word in hard.split([' ', '\t']).filter(|w| !w.is_empty()) {
            let len = line.chars().count() + usize::from(!fresh) + word.chars().count();
            if !fresh && len > width {
                out.push_str(line.trim_end());
                out.push('\n');
                line = String::from(rest);
                fresh = true;
            }
            if !fresh {
                line.push(' ');
            }
            line.push_str(word);
            fresh = false;
        }
    }
    out.push_str(line.trim_end());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_never_reaches_the_page() {
        let html = to_html(
            "Hi <script>alert(1)</script> <img src=x onerror=alert(2)>\n\n\
             [click](javascript:alert(3)) and [ok](https://example.org)\n\n\
             <div onclick=\"x()\">block</div>\n",
        );
        for bad in [
            "<script",
            "onerror",
            "javascript:",
            "onclick",
            "<img",
            "<div",
        ] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
        assert!(html.contains(r#"href="https://example.org""#), "{html}");
    }

    #[test]
    fn plain_fields_cannot_become_markup() {
        assert_eq!(escape("DeepSeek R1, 2025"), "DeepSeek R1, 2025");
        assert_eq!(
            escape("<script>alert(1)</script> *x* [a](javascript:b)"),
            "&lt;script&gt;alert(1)&lt;/script&gt; \\*x\\* \\[a\\](javascript:b)"
        );
        assert_eq!(escape("# C# & co #"), "\\# C# &amp; co \\#");
        assert_eq!(escape("- one\n- two"), "\\- one - two");
        assert_eq!(escape("2025. A year"), "2025\\. A year");
        assert_eq!(escape("a-b 1.5"), "a-b 1.5");
        assert_eq!(escape("4.1"), "4.1");
        assert_eq!(escape("3)"), "3\\)");
    }

    #[test]
    fn notes_keep_their_markdown_but_lose_html_and_harmful_links() {
        let notes = "Hi <script>alert(1)</script> and `<b>` code.\n\n\
                     <div onclick=\"x()\">block</div>\n\n\
                     [bad](javascript:alert(3)) [ok](https://example.org) [rel](page.html)\n\n\
                     <https://example.org/auto> <javascript:alert(4)>\n\n\
                     ![img](data:text/html,x)\n\n    <i>indented code</i>\n";
        let safe = sanitize(notes);
        assert!(
            safe.contains("Hi &lt;script>alert(1)&lt;/script>"),
            "{safe}"
        );
        assert!(safe.contains("`<b>` code"), "{safe}");
        assert!(safe.contains("&lt;div onclick"), "{safe}");
        assert!(safe.contains("\\[bad](javascript:alert(3))"), "{safe}");
        assert!(
            safe.contains("[ok](https://example.org) [rel](page.html)"),
            "{safe}"
        );
        assert!(
            safe.contains("<https://example.org/auto> &lt;javascript:alert(4)>"),
            "{safe}"
        );
        assert!(safe.contains("!\\[img](data:text/html,x)"), "{safe}");
        assert!(safe.contains("    <i>indented code</i>"), "{safe}");
        // Read again as Markdown, nothing runs.
        let html = {
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, Parser::new(&safe));
            html
        };
        for bad in [
            "<script",
            "<div",
            "javascript:alert(3)\"",
            "href=\"javascript",
            "src=\"data",
        ] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
        assert!(!harmless_link("java\tscript:x") && harmless_link("#anchor"));
    }

    #[test]
    fn deep_nesting_is_cut_and_its_text_kept() {
        let notes = "> ".repeat(50_000) + "deep";
        let html = to_html(&notes);
        assert_eq!(html.matches("<blockquote>").count(), MAX_DEPTH);
        assert_eq!(html.matches("</blockquote>").count(), MAX_DEPTH);
        assert!(html.contains("deep"), "{html}");
        let text = to_text(&notes, WIDTH);
        assert!(text.ends_with("deep"), "{text}");
        assert!(text.len() < 200, "{text}");
    }

    #[test]
    fn plain_text_keeps_paragraphs_and_lists() {
        let text = to_text(
            "A *first* paragraph with a [link](https://example.org).\n\n\
             - one\n- two **bold**\n\nEnd.",
            72,
        );
        assert_eq!(
            text,
            "A first paragraph with a link (https://example.org).\n\n- one\n- two bold\n\nEnd."
        );
    }

    #[test]
    fn long_list_items_hang_under_their_marker() {
        let text = to_text(&format!("- {}", "word ".repeat(20)), 30);
        let lines: Vec<_> = text.lines().collect();
        assert!(lines[0].starts_with("- word"));
        assert!(lines[1..].iter().all(|l| l.starts_with("  word")), "{text}");
        assert!(lines.iter().all(|l| l.chars().count() <= 30), "{text}");
    }

    #[test]
    fn wrapping_respects_the_width_and_the_indent() {
        let wrapped = wrap(&"abc ".repeat(30), 20, "", "  ");
        assert!(wrapped.lines().all(|l| l.chars().count() <= 20));
        assert!(wrapped.lines().skip(1).all(|l| l.starts_with("  abc")));
    }
}
