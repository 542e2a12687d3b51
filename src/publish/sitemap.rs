//! `sitemap.xml` (sitemaps.org 0.9): every page of the site at its
//! address under `publication.url`, with the day it last changed where
//! that is known.

use chrono::NaiveDate;

use super::feed::xml;

/// The sitemap of `pages`: addresses and their last changes, in order.
pub fn sitemap(pages: &[(String, Option<NaiveDate>)]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (address, changed) in pages {
        out.push_str("  <url><loc>");
        out.push_str(&xml(address));
        out.push_str("</loc>");
        if let Some(date) = changed {
            out.push_str(&format!("<lastmod>{date}</lastmod>"));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}
