//! Where a published meeting's pages are on the site: the folder that
//! `[publication] permalink` names, under its language's folder, and the
//! page's address under `publication.url`. The one rule that the site's
//! paths and the canonical and `hreflang` links of rendered pages share,
//! so that they cannot disagree. Knows no file on disk and writes nothing.

use chrono::Datelike;

use crate::config::{Config, Page};
use crate::id::{Lang, MeetingId};
use crate::meeting::Meeting;

/// The folder of `id`'s pages in the site's tree of one language, from
/// the permalink pattern: `2025/2025-01-28/`.
pub fn folder(config: &Config, id: &MeetingId, meeting: &Meeting) -> String {
    let date = meeting.date;
    let series = meeting
        .series
        .as_deref()
        .or_else(|| config.default_series())
        .unwrap_or_default();
    config
        .publication
        .permalink
        .replace("{year}", &format!("{:04}", date.year()))
        .replace("{month}", &format!("{:02}", date.month()))
        .replace("{day}", &format!("{:02}", date.day()))
        .replace("{id}", id.as_str())
        .replace("{series}", series)
}

/// The folder of the pages in `lang` relative to the site's root: none
/// for the archive's language, `de/` for another.
pub fn language_folder(config: &Config, lang: &Lang) -> String {
    if *lang == config.language() {
        String::new()
    } else {
        format!("{lang}/")
    }
}

/// The file of a meeting's `page` in `lang`, relative to the site's root,
/// its folder given (see `folder`): `de/2025/2025-01-28/index.html`.
pub fn page_in(config: &Config, folder: &str, lang: &Lang, page: Page) -> String {
    let prefix = language_folder(config, lang);
    match page {
        Page::Article => format!("{prefix}{folder}index.html"),
        Page::Minutes => format!("{prefix}{folder}minutes/index.html"),
    }
}

/// The file of `id`'s `page` in `lang`, relative to the site's root.
pub fn page(config: &Config, id: &MeetingId, meeting: &Meeting, lang: &Lang, page: Page) -> String {
    page_in(config, &folder(config, id, meeting), lang, page)
}

/// The site's address (`publication.url`), ending with `/`.
pub fn site_url(config: &Config) -> Option<String> {
    let url = config.publication.url.as_ref()?;
    Some(if url.ends_with('/') {
        url.clone()
    } else {
        format!("{url}/")
    })
}

/// The address of the file `path` (relative to the site's root) under
/// `publication.url`, a folder's `index.html` left out.
pub fn address(config: &Config, path: &str) -> Option<String> {
    let url = site_url(config)?;
    Some(format!(
        "{url}{}",
        path.strip_suffix("index.html").unwrap_or(path)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(publication: &str) -> Config {
        let text = format!(
            "[archive]\ntitle = \"Calls\"\nlanguage = \"en\"\n\
             [series.calls]\nevery = \"week\"\non = \"tuesday\"\nat = \"21:00\"\n\
             [publication]\n{publication}\n"
        );
        Config::parse(std::path::Path::new("minutes.toml"), &text).unwrap()
    }

    fn meeting() -> Meeting {
        toml::from_str("schema = 1\ndate = 2025-01-28\nstatus = \"published\"\n").unwrap()
    }

    #[test]
    fn a_page_is_its_permalink_under_its_language() {
        let config = config(
            "url = \"https://example.org/calls\"\npermalink = \"{series}/{year}/{month}/{id}/\"",
        );
        let id = MeetingId::parse("2025-01-28").unwrap();
        let en: Lang = "en".parse().unwrap();
        let de: Lang = "de".parse().unwrap();
        let article = page(&config, &id, &meeting(), &en, Page::Article);
        assert_eq!(article, "calls/2025/01/2025-01-28/index.html");
        let minutes = page(&config, &id, &meeting(), &de, Page::Minutes);
        assert_eq!(minutes, "de/calls/2025/01/2025-01-28/minutes/index.html");
        assert_eq!(
            address(&config, &article).as_deref(),
            Some("https://example.org/calls/calls/2025/01/2025-01-28/")
        );
    }
}
