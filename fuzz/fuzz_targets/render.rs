//! `minutes render` of a meeting through every built-in template, in every
//! format and language, as the meeting (or the dossier of one of its tags).
//!
//! The first bytes choose the report: the template, the format, the
//! language, `--public`, and for the dossier the tag; the rest is the
//! meeting file. A meeting that parses must render (small inputs never run
//! out of the template budget), and an HTML page must carry no live markup
//! (no script, no event attribute, no `javascript:` link), whatever the
//! meeting says.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use minutes::archive::{self, Archive, Loaded};
use minutes::config::Config;
use minutes::render::{self, Format, Request, Templates};
use minutes_fuzz::{CONFIG, EARLIER, OVERLAYS, Scratch, earlier_id, fuzzed_id};

/// The archive around the fuzzed meeting: the configuration, an earlier
/// meeting whose actions updates can name, and the translations of the
/// sample meeting (which apply to a fuzzed one with the same item ids).
struct Setting {
    scratch: Scratch,
    archive: Archive,
    kinds: Vec<String>,
    languages: Vec<String>,
}

static SETTING: LazyLock<Setting> = LazyLock::new(|| {
    let id = fuzzed_id();
    let mut files = vec![
        ("minutes.toml".into(), CONFIG),
        (earlier_id().relative_path(), EARLIER),
    ];
    files.extend(
        OVERLAYS
            .iter()
            .map(|(lang, text)| (id.overlay_path(lang), *text)),
    );
    let scratch = Scratch::new(&files);
    let config = Config::parse("minutes.toml".as_ref(), CONFIG)
        .unwrap_or_else(|_| panic!("the sample configuration parses"));
    let archive = Archive {
        root: scratch.root().to_path_buf(),
        config,
        use_index: false,
    };
    let names: Vec<String> = Templates::new(scratch.root())
        .list()
        .expect("the built-in templates")
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    let mut kinds: Vec<String> = names
        .iter()
        .filter(|n| !n.starts_with('_') && !n.contains('/'))
        .filter_map(|n| n.split_once('.').map(|(kind, _)| kind.to_string()))
        .collect();
    kinds.dedup();
    let languages = names
        .iter()
        .filter_map(|n| n.strip_prefix("lang/")?.strip_suffix(".toml"))
        .map(str::to_string)
        .collect();
    Setting {
        scratch,
        archive,
        kinds,
        languages,
    }
});

const FORMATS: [Format; 3] = [Format::Md, Format::Html, Format::Txt];

fuzz_target!(|data: &[u8]| {
    let setting = &*SETTING;
    let mut u = Unstructured::new(data);
    let (Ok(kind), Ok(format), Ok(lang), Ok(public), Ok(tag)) = (
        u.choose(&setting.kinds),
        u.choose(&FORMATS),
        u.choose(&setting.languages),
        u.arbitrary::<bool>(),
        u.arbitrary::<u8>(),
    ) else {
        return;
    };
    let Ok(text) = std::str::from_utf8(u.take_rest()) else {
        return;
    };
    // Only a file that is TOML can be a meeting: toml's first error is
    // cheaper than the meeting parser's diagnostics (check targets run those).
    if toml::from_str::<toml::Table>(text).is_err() {
        return;
    }
    let id = fuzzed_id();
    let Ok(record) = archive::parse_record(id.clone(), id.relative_path(), text.to_string()) else {
        return;
    };
    let request = Request {
        kind: kind.clone(),
        format: *format,
        lang: Some(lang.clone()),
        public,
    };
    let rendered = if kind == "dossier" {
        let tags: Vec<&String> = record.meeting.items.iter().flat_map(|i| &i.tags).collect();
        let tag = tags
            .get(usize::from(tag) % tags.len().max(1))
            .map_or("none".to_string(), |t| t.to_string());
        render::render_dossier(&setting.archive, &[Loaded::from(record)], &tag, &request)
    } else {
        render::render(&setting.archive, &record, &request).map(Some)
    };
    match rendered {
        Ok(Some(page)) if *format == Format::Html => assert_inert(&page),
        Ok(_) => {}
        Err(e) => panic!(
            "a meeting that parses does not render as {kind}.{} in {lang}: {e}",
            format.as_str()
        ),
    }
    let _ = &setting.scratch;
});

/// Panics when a tag of `page` could run code: a script, frame or plug-in
/// element, an event attribute (`onclick=`), a `javascript:` link.
fn assert_inert(page: &str) {
    for tag in page.split('<').skip(1).filter_map(|t| t.split_once('>')) {
        let tag = tag.0.to_ascii_lowercase();
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(
            !["script", "iframe", "object", "embed", "frame"].contains(&name.as_str()),
            "a <{name}> element reached the page:\n{page}"
        );
        for (attribute, value) in attributes(&tag) {
            assert!(
                !attribute.starts_with("on"),
                "an event attribute `{attribute}` reached the page:\n{page}"
            );
            let value: String = value.chars().filter(|c| !c.is_whitespace()).collect();
            assert!(
                !value.starts_with("javascript:") && !value.starts_with("vbscript:"),
                "a script link reached the page:\n{page}"
            );
        }
    }
}

/// The attributes of a tag's text (`a href="x" class=y`), as name and value.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = tag.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '/');
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        if end == 0 {
            return found;
        }
        let name = rest[..end].to_string();
        rest = rest[end..].trim_start();
        let Some(after) = rest.strip_prefix('=') else {
            found.push((name, String::new()));
            continue;
        };
        let after = after.trim_start();
        let (value, next) = match after.chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let body = &after[1..];
                let close = body.find(quote).unwrap_or(body.len());
                (&body[..close], body.get(close + 1..).unwrap_or(""))
            }
            _ => {
                let close = after.find(char::is_whitespace).unwrap_or(after.len());
                (&after[..close], &after[close..])
            }
        };
        found.push((name, value.to_string()));
        rest = next;
    }
}
