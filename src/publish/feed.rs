//! The Atom feed of a language (RFC 4287): an entry per published meeting,
//! newest first.
//!
//! Every date comes from the meetings (`published` from the publication
//! date, `updated` from the last correction), never from the clock, and
//! an entry's id is a `tag:` URI made of the site's domain and the
//! meeting's date and id, so that it never changes: feed readers show an
//! entry once, and again only when it was corrected.

use chrono::NaiveDate;

/// A feed, ready to write.
pub struct Feed {
    /// The feed's own address: its id, and its `self` link.
    pub address: String,
    /// The address of the pages it follows.
    pub home: String,
    pub title: String,
    pub author: String,
    pub lang: String,
    pub entries: Vec<Entry>,
}

pub struct Entry {
    pub id: String,
    pub title: String,
    pub link: String,
    pub published: NaiveDate,
    pub updated: NaiveDate,
    pub summary: String,
    /// The article as HTML.
    pub content: String,
}

/// A `tag:` URI (RFC 4151) for a meeting page at `address` (an absolute
/// http address), minted on `date`.
pub fn tag_uri(address: &str, date: NaiveDate) -> String {
    let rest = address.split_once("://").map_or(address, |(_, rest)| rest);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.rsplit('@').next().unwrap_or(host);
    let host = host.split(':').next().unwrap_or(host);
    format!("tag:{},{date}:/{path}", host.to_ascii_lowercase())
}

/// The feed as Atom XML.
pub fn atom(feed: &Feed) -> String {
    let updated = feed
        .entries
        .iter()
        .map(|e| e.updated)
        .max()
        .unwrap_or_default();
    let mut out = String::with_capacity(
        4096 + feed
            .entries
            .iter()
            .map(|e| e.content.len() * 6 / 5)
            .sum::<usize>(),
    );
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        xml(&feed.lang)
    ));
    out.push_str(&format!("  <id>{}</id>\n", xml(&feed.address)));
    out.push_str(&format!("  <title>{}</title>\n", xml(&feed.title)));
    out.push_str(&format!("  <updated>{}</updated>\n", instant(updated)));
    out.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml(&feed.address)
    ));
    out.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml(&feed.home)
    ));
    out.push_str(&format!(
        "  <author>\n    <name>{}</name>\n  </author>\n",
        xml(&feed.author)
    ));
    out.push_str(&format!(
        "  <generator version=\"{}\">minutes</generator>\n",
        env!("CARGO_PKG_VERSION")
    ));
    for entry in &feed.entries {
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <id>{}</id>\n", xml(&entry.id)));
        out.push_str(&format!("    <title>{}</title>\n", xml(&entry.title)));
        out.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml(&entry.link)
        ));
        out.push_str(&format!(
            "    <published>{}</published>\n",
            instant(entry.published)
        ));
        out.push_str(&format!(
            "    <updated>{}</updated>\n",
            instant(entry.updated)
        ));
        if !entry.summary.is_empty() {
            out.push_str(&format!("    <summary>{}</summary>\n", xml(&entry.summary)));
        }
        out.push_str(&format!(
            "    <content type=\"html\">{}</content>\n",
            xml(&entry.content)
        ));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// A date as the instant an Atom date is: its start, in UTC.
fn instant(date: NaiveDate) -> String {
    format!("{date}T00:00:00Z")
}

/// Text for XML content or an attribute in double quotes; characters XML
/// does not allow are left out.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_uris_are_made_of_the_domain_the_date_and_the_path() {
        let date = NaiveDate::from_ymd_opt(2025, 1, 28).unwrap();
        assert_eq!(
            tag_uri("https://Example.org:8080/minutes/2025/2025-01-28/", date),
            "tag:example.org,2025-01-28:/minutes/2025/2025-01-28/"
        );
        assert_eq!(
            tag_uri("https://example.org", date),
            "tag:example.org,2025-01-28:/"
        );
    }

    #[test]
    fn text_is_escaped_and_stray_control_characters_go() {
        assert_eq!(xml("a < b & \"c\"\u{1}"), "a &lt; b &amp; &quot;c&quot;");
    }
}
