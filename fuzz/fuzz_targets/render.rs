//! `minutes render` of a meeting through every built-in template, in every
//! format and language, as the meeting (or the dossier of one of its tags).
//!
//! The first bytes choose the report: the template, the format, the
//! language, `--public`, and for the dossier the tag; the rest is the
//! meeting file, read as the command reads it. A meeting that loads must
//! render (small inputs never run out of the template budget; the layout of
//! an imported meeting's source may be refused), and an HTML
//! page must carry no live markup (no script, no event attribute, no
//! `javascript:` link), whatever the meeting says.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use minutes::archive::Archive;
use minutes::id::Lang;
use minutes::index::Detail;
use minutes::render::{self, Format, Request, Template, Templates};
use minutes_fuzz::{CONFIG, EARLIER, OVERLAYS, Scratch, earlier_id, fuzzed_id};

/// The archive around the fuzzed meeting: the configuration, an earlier
/// meeting whose actions updates can name, and the translations of the
/// sample meeting (which apply to a fuzzed one with the same item ids).
struct Setting {
    scratch: Scratch,
    archive: Archive,
    kinds: Vec<Template>,
    languages: Vec<Lang>,
}

static SETTING: LazyLock<Setting> = LazyLock::new(|| {
    let id = fuzzed_id();
    let overlays: Vec<_> = OVERLAYS
        .iter()
        .map(|(lang, text)| (id.overlay_path(&minutes_fuzz::lang(lang)), *text))
        .collect();
    let mut files = vec![
        ("minutes.toml".into(), CONFIG),
        (earlier_id().relative_path(), EARLIER),
    ];
    files.extend(overlays);
    let scratch = Scratch::new(&files);
    let archive = Archive::open(scratch.root()).expect("the scratch archive opens");
    let kinds = Template::BUILT_IN
        .iter()
        .map(|name| name.parse().expect("a built-in template"))
        .collect();
    let languages = Templates::new(scratch.root())
        .list()
        .expect("the built-in templates")
        .into_iter()
        .filter_map(|(name, _)| {
            let tag = name.strip_prefix("lang/")?.strip_suffix(".toml")?;
            Some(minutes_fuzz::lang(tag))
        })
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
    let (Ok(kind), Ok(format), Ok(lang), Ok(flags), Ok(tag)) = (
        u.choose(&setting.kinds),
        u.choose(&FORMATS),
        u.choose(&setting.languages),
        u.arbitrary::<u8>(),
        u.arbitrary::<u8>(),
    ) else {
        return;
    };
    // `--public` is the low bit; a dossier takes meetings not yet published
    // unless the next bit is set, so that the seeds (all zero there) put the
    // fuzzed meeting on the page whatever its status.
    let (public, include_drafts) = (flags & 1 != 0, flags & 2 == 0);
    let text = u.take_rest();
    // Only a file that is TOML can be a meeting: toml's first error is
    // cheaper than the meeting parser's diagnostics (check targets run those).
    if std::str::from_utf8(text).map_or(true, |t| toml::from_str::<toml::Table>(t).is_err()) {
        return;
    }
    let id = fuzzed_id();
    setting.scratch.write(&id.relative_path(), text);
    // As `minutes render` reads it.
    let Ok(record) = setting.archive.load(&id) else {
        return;
    };
    let request = Request {
        kind: kind.clone(),
        format: *format,
        lang: Some(lang.clone()),
        public,
        include_drafts,
    };
    let rendered = if *kind == Template::Dossier {
        let tags: Vec<&String> = record.meeting.items.iter().flat_map(|i| &i.tags).collect();
        let tag = tags
            .get(usize::from(tag) % tags.len().max(1))
            .map_or("none".to_string(), |t| t.to_string());
        // The whole archive, as the command reads it for a dossier.
        let global = minutes_fuzz::global(setting.scratch.root());
        let records = global
            .meetings(&setting.archive, Detail::Full)
            .expect("the scratch archive lists its meetings");
        render::render_dossier(&setting.archive, &records, &tag, &request)
    } else {
        render::render(&setting.archive, &record, &request).map(Some)
    };
    match rendered {
        Ok(Some(page)) if *format == Format::Html => assert_inert(&page),
        Ok(_) => {}
        // The layout of an imported meeting's source: a meeting that was not
        // imported, or by a profile without a template, is refused with a
        // message, as the command refuses it.
        Err(_) if *kind == Template::Source => {}
        Err(e) => panic!(
            "a meeting that loads does not render as {}.{} in {lang}: {e}",
            kind.name(),
            format.as_str()
        ),
    }
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
