//! Markdown notes into the output format: safe HTML, or plain text.
//!
//! HTML goes through pulldown-cmark with raw HTML dropped, then through
//! ammonia, which removes whatever could still run (event attributes,
//! `javascript:` links). Plain text keeps the paragraphs and lists, drops
//! the markup, shows link targets in brackets, and wraps the lines.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The width of plain-text output.
pub const WIDTH: usize = 72;

fn parser(markdown: &str) -> impl Iterator<Item = Event<'_>> {
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES;
    Parser::new_ext(markdown, options)
        .filter(|e| !matches!(e, Event::Html(_) | Event::InlineHtml(_)))
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
