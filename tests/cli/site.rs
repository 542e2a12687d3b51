//! `minutes site` and `minutes calendar`: the static site of the published
//! meetings, checked by the clients that read it: the Nu checker, a link
//! check of every page, jing with the RELAX NG schema of Atom, Python's
//! feedparser, icalendar and recurring-ical-events, and headless Chromium.
//! Each client that is missing is skipped, saying so.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use crate::render::{assert_nu_valid, nu_checker};
use crate::support::Archive;

/// The sample archive with the call of 11 February published too: it
/// holds a private item, which must appear nowhere.
fn sample() -> Archive {
    let archive = Archive::sample();
    let path = "meetings/2025/2025-02-11.toml";
    let text = archive
        .read(path)
        .replace("status = \"final\"", "status = \"published\"");
    archive.write(path, &format!("{text}\n[publication]\ndate = 2025-02-13\n"));
    archive
}

fn site(archive: &Archive, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--json", "site"];
    all.extend_from_slice(args);
    archive.minutes(&all).ok().json()
}

/// Every file under `dir`, relative, but the manifest.
fn files(dir: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    collect(dir, dir, &mut out);
    out.remove(".minutes-site.json");
    out
}

fn collect(root: &Path, dir: &Path, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(root, &path, out);
        } else {
            out.insert(path.strip_prefix(root).unwrap().display().to_string());
        }
    }
}

fn mtimes(dir: &Path) -> BTreeMap<String, SystemTime> {
    files(dir)
        .into_iter()
        .map(|f| {
            let time = std::fs::metadata(dir.join(&f)).unwrap().modified().unwrap();
            (f, time)
        })
        .collect()
}

/// Whether the site's file `path` is a page.
fn is_page(path: &str) -> bool {
    Path::new(path).extension().is_some_and(|e| e == "html")
}

/// Whether `program` runs here (with arguments: succeeds; alone: starts,
/// as `jing` without a file exits non-zero); a test that needs it says
/// when it skips.
fn have(program: &[&str], test: &str) -> bool {
    let found = Command::new(program[0])
        .args(&program[1..])
        .output()
        .is_ok_and(|o| program.len() == 1 || o.status.success());
    if !found {
        let note = format!(
            "{test}: skipped, `{}` is not available\n",
            program.join(" ")
        );
        let _ = std::io::Write::write_all(&mut std::io::stderr(), note.as_bytes());
    }
    found
}

/// Runs a Python script with arguments; its stdout, or a failure with its
/// stderr.
fn python(script: &str, args: &[&str]) -> String {
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "python failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_site_shows_the_published_meetings_in_every_language_and_nothing_private() {
    let archive = sample();
    let json = site(&archive, &[]);
    assert_eq!(json["meetings"], 6);
    assert_eq!(json["output"], "public");
    let public = archive.path("public");
    let all = files(&public);
    for wanted in [
        "index.html",
        "2025/2025-01-07/index.html",
        "2025/2025-02-11/index.html",
        "de/index.html",
        "de/2025/2025-01-28/index.html",
        "it/2025/2025-01-28/index.html",
        "tags/index.html",
        "tags/congo/index.html",
        "sources/index.html",
        "decisions/index.html",
        "feed.atom",
        "de/feed.atom",
        "it/feed.atom",
        "calendar.ics",
        "sitemap.xml",
    ] {
        assert!(all.contains(wanted), "{wanted} is missing: {all:?}");
    }
    // Not published: a draft, an agenda, and no German page of a meeting
    // that has no German text.
    for absent in [
        "2025/2025-03-04/index.html",
        "2025/2025-03-11/index.html",
        "de/2025/2025-02-11/index.html",
        "tags/group/index.html",
    ] {
        assert!(!all.contains(absent), "{absent} should not be there");
    }
    for file in &all {
        let text = std::fs::read_to_string(public.join(file)).unwrap();
        assert!(
            !text.contains("Group budget"),
            "the private item reached {file}"
        );
        assert!(!text.contains("Marco Bellini"), "a person reached {file}");
    }
    // The index: newest first, by year, each with its title, date and lead.
    let index = archive.read("public/index.html");
    let order: Vec<usize> = ["2025-02-11", "2025-02-04", "2025-01-28", "2025-01-07"]
        .iter()
        .map(|id| {
            index
                .find(&format!("{id}&#x2f;index.html"))
                .unwrap_or_else(|| panic!("{id} not on the index"))
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    assert!(index.contains("<h2>2025</h2>"));
    assert!(index.contains("<time class=\"meta\" datetime=\"2025-01-28\">28 January 2025</time>"));
    // Each lead is the first sentence of the meeting's article.
    let lead = "The Tuesday teleconference began with the launch of DeepSeek-R1";
    assert!(index.contains(lead));
    assert!(
        archive
            .read("public/2025/2025-01-28/index.html")
            .contains(&format!("<meta name=\"description\" content=\"{lead}"))
    );
    // Versions in other languages, linked both ways, and a visible switch.
    let german = archive.read("public/de/2025/2025-01-28/index.html");
    assert!(german.contains("<html lang=\"de\">"));
    assert!(german.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"..&#x2f;..&#x2f;..&#x2f;2025&#x2f;2025-01-28&#x2f;index.html\">"), "{german}");
    assert!(german.contains("<strong lang=\"de\">Deutsch</strong>"));
    let english = archive.read("public/2025/2025-01-28/index.html");
    assert!(english.contains("hreflang=\"it\" lang=\"it\">Italiano</a>"));
    assert!(english.contains("<link rel=\"canonical\" href=\"https:&#x2f;&#x2f;example.org&#x2f;minutes&#x2f;2025&#x2f;2025-01-28&#x2f;\">"));
    let german_index = archive.read("public/de/index.html");
    assert!(german_index.contains("Der Fall DeepSeek") && !german_index.contains("2025-02-11"));
    // Absolute addresses only in the feed, the sitemap and canonical links
    // (an article's Open Graph address is its canonical one); a page has
    // one canonical link, the address of its file.
    for file in all.iter().filter(|f| is_page(f)) {
        let text = std::fs::read_to_string(public.join(file)).unwrap();
        for line in text.lines().filter(|l| l.contains("example.org")) {
            assert!(
                line.starts_with("<link rel=\"canonical\"")
                    || line.starts_with("<meta property=\"og:url\""),
                "{file}: {line}"
            );
        }
        let canonical: Vec<&str> = text
            .lines()
            .filter(|l| l.starts_with("<link rel=\"canonical\""))
            .collect();
        let address = format!(
            "https://example.org/minutes/{}",
            file.strip_suffix("index.html").unwrap_or(file)
        )
        .replace('/', "&#x2f;");
        assert_eq!(
            canonical,
            [format!("<link rel=\"canonical\" href=\"{address}\">")],
            "{file}"
        );
    }
    let sitemap = archive.read("public/sitemap.xml");
    assert!(sitemap.contains("<url><loc>https://example.org/minutes/2025/2025-01-28/</loc><lastmod>2025-01-28</lastmod></url>"), "{sitemap}");
    // The calendar is the one `minutes calendar` prints.
    let printed = archive.minutes(&["calendar"]).ok().stdout;
    assert_eq!(printed, archive.read("public/calendar.ics"));
}

#[test]
fn every_page_passes_the_nu_checker_and_every_link_and_anchor_lands() {
    let archive = sample();
    site(&archive, &["--minutes"]);
    let public = archive.path("public");
    let pages: Vec<PathBuf> = files(&public)
        .into_iter()
        .filter(|f| is_page(f))
        .map(|f| public.join(f))
        .collect();
    assert!(pages.len() > 30, "{pages:?}");
    assert!(public.join("2025/2025-01-28/minutes/index.html").is_file());
    let problems = broken_links(&public, &pages);
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );
    if let Some(jar) =
        nu_checker("every_page_passes_the_nu_checker_and_every_link_and_anchor_lands")
    {
        assert_nu_valid(&jar, &pages);
    }
}

/// Every `href` and `src` of `pages` that stays in the site names a file
/// that exists, and its `#anchor` an id on that page.
fn broken_links(root: &Path, pages: &[PathBuf]) -> Vec<String> {
    let mut ids: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    let mut problems = Vec::new();
    let mut links = 0;
    for page in pages {
        let text = std::fs::read_to_string(page).unwrap();
        for target in attributes(&text, "href")
            .into_iter()
            .chain(attributes(&text, "src"))
        {
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            links += 1;
            let (file, anchor) = target.split_once('#').unwrap_or((&target, ""));
            let file = if file.is_empty() {
                page.clone()
            } else {
                page.parent().unwrap().join(file)
            };
            let Ok(real) = std::fs::canonicalize(&file) else {
                problems.push(format!("{}: {target} does not exist", page.display()));
                continue;
            };
            if !real.starts_with(std::fs::canonicalize(root).unwrap()) || !real.is_file() {
                problems.push(format!(
                    "{}: {target} is not a file of the site",
                    page.display()
                ));
                continue;
            }
            if !anchor.is_empty() {
                let known = ids.entry(real.clone()).or_insert_with(|| {
                    attributes(&std::fs::read_to_string(&real).unwrap(), "id")
                        .into_iter()
                        .collect()
                });
                if !known.contains(anchor) {
                    problems.push(format!(
                        "{}: no id `{anchor}` in {}",
                        page.display(),
                        real.display()
                    ));
                }
            }
        }
    }
    assert!(links > 100, "only {links} links were checked");
    problems
}

/// The values of the attribute `name` in `html`, entities decoded.
fn attributes(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(&needle) {
        rest = &rest[at + needle.len()..];
        let end = rest.find('"').unwrap_or(rest.len());
        out.push(
            rest[..end]
                .replace("&#x2f;", "/")
                .replace("&quot;", "\"")
                .replace("&#x27;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&"),
        );
    }
    out
}

const FEEDPARSER: &str = r#"
import json, sys, feedparser
feed = feedparser.parse(sys.argv[1])
print(json.dumps({
    "version": feed.version,
    "bozo": feed.bozo,
    "title": feed.feed.title,
    "updated": feed.feed.updated,
    "entries": [
        {"id": e.id, "title": e.title, "link": e.link, "published": e.published,
         "updated": e.updated, "summary": e.summary, "content": e.content[0].value}
        for e in feed.entries
    ],
}))
"#;

#[test]
fn the_feed_is_valid_atom_and_reads_back_in_feedparser() {
    let archive = sample();
    site(&archive, &[]);
    let feeds = [
        "public/feed.atom",
        "public/de/feed.atom",
        "public/it/feed.atom",
    ];
    if have(
        &["jing"],
        "the_feed_is_valid_atom_and_reads_back_in_feedparser (jing)",
    ) {
        let schema = crate::support::project().join("tests/atom.rnc");
        for feed in feeds {
            let out = Command::new("jing")
                .arg("-c")
                .arg(&schema)
                .arg(archive.path(feed))
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{feed} does not follow RFC 4287:\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    if !have(
        &["python3", "-c", "import feedparser"],
        "the_feed_is_valid_atom_and_reads_back_in_feedparser (feedparser)",
    ) {
        return;
    }
    let read = |feed: &str| -> serde_json::Value {
        serde_json::from_str(&python(FEEDPARSER, &[archive.path(feed).to_str().unwrap()])).unwrap()
    };
    let feed = read(feeds[0]);
    assert_eq!(feed["version"], "atom10");
    assert_eq!(feed["bozo"], false);
    assert_eq!(feed["title"], "Tuesday teleconference");
    assert_eq!(feed["updated"], "2025-02-13T00:00:00Z");
    let entries = feed["entries"].as_array().unwrap();
    let ids: Vec<&str> = entries.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "tag:example.org,2025-02-11:/minutes/2025-02-11",
            "tag:example.org,2025-02-04:/minutes/2025-02-04",
            "tag:example.org,2025-01-28:/minutes/2025-01-28",
            "tag:example.org,2025-01-21:/minutes/2025-01-21",
            "tag:example.org,2025-01-14:/minutes/2025-01-14",
            "tag:example.org,2025-01-07:/minutes/2025-01-07",
        ]
    );
    let deepseek = &entries[2];
    assert_eq!(deepseek["title"], "The DeepSeek case");
    assert_eq!(
        deepseek["link"],
        "https://example.org/minutes/2025/2025-01-28/"
    );
    assert_eq!(deepseek["published"], "2025-01-28T00:00:00Z");
    assert_eq!(deepseek["updated"], "2025-01-28T00:00:00Z");
    assert!(
        deepseek["summary"]
            .as_str()
            .unwrap()
            .starts_with("The Tuesday teleconference began with")
    );
    assert!(
        deepseek["content"]
            .as_str()
            .unwrap()
            .contains("<h1>The DeepSeek case</h1>")
    );
    assert!(
        !entries
            .iter()
            .any(|e| e["content"].as_str().unwrap().contains("Group budget"))
    );
    let german = read(feeds[1]);
    assert_eq!(
        (german["version"].as_str(), german["bozo"].as_bool()),
        (Some("atom10"), Some(false))
    );
    assert_eq!(
        german["entries"][0]["title"],
        "Nach dem Schock: offene Gewichte und europäische Regeln"
    );
    assert_eq!(german["entries"][1]["title"], "Der Fall DeepSeek");
    assert_eq!(
        german["entries"][1]["id"],
        "tag:example.org,2025-01-28:/minutes/2025-01-28/de"
    );
    // A second build on another day says the same: nothing comes from the clock.
    let before = archive.read(feeds[0]);
    let mut later = sample();
    later.now = "2026-07-01T12:00:00Z".into();
    site(&later, &[]);
    assert_eq!(later.read(feeds[0]), before);
}

const EXPAND: &str = r#"
import datetime, json, sys, zoneinfo
import icalendar, recurring_ical_events
calendar = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
zone = zoneinfo.ZoneInfo(sys.argv[2])
start = datetime.datetime.fromisoformat(sys.argv[3]).replace(tzinfo=zone)
events = recurring_ical_events.of(calendar).between(start, start + datetime.timedelta(days=800))
utc = datetime.timezone.utc
instants = sorted(e["DTSTART"].dt.astimezone(utc) for e in events if e["DTSTART"].dt >= start)
# The zone as the VTIMEZONE describes it, against the system's rules.
described = calendar.walk("VTIMEZONE")[0].to_tz(lookup_tzid=False)
wrong = []
t = start.astimezone(utc)
while t < start.astimezone(utc) + datetime.timedelta(days=3 * 366):
    if t.astimezone(described).utcoffset() != t.astimezone(zone).utcoffset():
        wrong.append(t.isoformat())
    t += datetime.timedelta(hours=1)
print(json.dumps({"instants": [i.strftime("%Y-%m-%dT%H:%M:%SZ") for i in instants[:20]], "wrong": wrong[:5]}))
"#;

#[test]
fn the_calendar_expands_to_the_next_dates_across_summer_time_and_skips() {
    if !have(
        &["python3", "-c", "import icalendar, recurring_ical_events"],
        "the_calendar_expands_to_the_next_dates_across_summer_time_and_skips",
    ) {
        return;
    }
    for (zone, config) in [
        (
            "Europe/Rome",
            "[archive]\ntitle = \"Tuesday\"\ntimezone = \"Europe/Rome\"\n\n[series.tuesday]\nevery = \"week\"\non = \"tuesday\"\nat = \"21:00\"\nduration = \"2h\"\nskip = [2025-03-18, 2025-04-01, 2025-10-28]\n\n[[series.tuesday.periods]]\nfrom = 2025-05-01\nevery = \"2 weeks\"\non = \"wednesday\"\nat = \"18:30\"\n",
        ),
        (
            "America/New_York",
            "[archive]\ntitle = \"Board\"\ntimezone = \"America/New_York\"\n\n[series.board]\nevery = \"month\"\non = \"last friday\"\nat = \"09:00\"\nskip = [2025-03-28]\n\n[series.ops]\nevery = \"2 weeks\"\non = \"monday\"\nat = \"23:30\"\nstart = 2025-02-24\n\n[[series.ops.periods]]\nfrom = 2025-09-01\nuntil = 2025-12-31\non = \"tuesday\"\n",
        ),
    ] {
        let archive = Archive::empty();
        archive.write("minutes.toml", config);
        let calendar = archive.minutes(&["calendar"]).ok().stdout;
        archive.write("cal.ics", &calendar);
        let next = archive
            .minutes(&["--json", "next", "--count", "20"])
            .ok()
            .json();
        let ours: Vec<String> = next
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                let at =
                    chrono::DateTime::parse_from_rfc3339(o["starts"].as_str().unwrap()).unwrap();
                at.with_timezone(&chrono::Utc)
                    .format("%Y-%m-%dT%H:%M:%SZ")
                    .to_string()
            })
            .collect();
        assert_eq!(ours.len(), 20);
        let out = python(
            EXPAND,
            &[
                archive.path("cal.ics").to_str().unwrap(),
                zone,
                "2025-03-05T00:00:00",
            ],
        );
        let theirs: serde_json::Value = serde_json::from_str(&out).unwrap();
        let theirs: Vec<String> = theirs["instants"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        assert_eq!(theirs, ours, "{zone}:\n{calendar}");
        let wrong: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(
            wrong["wrong"],
            serde_json::json!([]),
            "{zone}: the VTIMEZONE disagrees"
        );
    }
}

#[test]
fn the_site_loads_in_headless_chromium_with_no_failed_request() {
    if !have(
        &["chromium", "--version"],
        "the_site_loads_in_headless_chromium_with_no_failed_request",
    ) {
        return;
    }
    let archive = sample();
    site(&archive, &["--minutes"]);
    let shot = |url: &str, name: &str| -> (Vec<String>, u64) {
        let profile = archive.home().join(format!("chromium-{name}"));
        let png = archive.home().join(format!("{name}.png"));
        let out = Command::new("timeout")
            .args([
                "120",
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
            ])
            .args([
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .args(["--enable-logging=stderr", "--v=1", "--window-size=1024,768"])
            .arg(format!("--screenshot={}", png.display()))
            .arg(url)
            .output()
            .unwrap();
        let log = String::from_utf8_lossy(&out.stderr);
        let loaded: Vec<String> = log
            .lines()
            .filter_map(|l| l.split("FileURLLoader::Start: ").nth(1))
            .map(|u| u.trim().to_string())
            .collect();
        let size = std::fs::metadata(&png).map(|m| m.len()).unwrap_or(0);
        (loaded, size)
    };
    let (_, blank) = shot("data:text/html,<html><body></body></html>", "blank");
    assert!(blank > 0, "chromium made no screenshot");
    for page in [
        "index.html",
        "2025/2025-01-28/index.html",
        "de/2025/2025-01-28/index.html",
    ] {
        let path = archive.path("public").join(page);
        let url = format!("file://{}", path.display());
        let (loaded, size) = shot(&url, &page.replace('/', "-"));
        assert!(loaded.contains(&url), "{page} was not loaded: {loaded:?}");
        for request in &loaded {
            let file = request
                .trim_start_matches("file://")
                .split(['#', '?'])
                .next()
                .unwrap();
            assert!(
                Path::new(file).is_file(),
                "{page}: the request for {request} failed"
            );
        }
        assert!(
            size > 3 * blank,
            "the screenshot of {page} looks blank ({size} bytes, blank {blank})"
        );
    }
}

#[test]
fn a_second_build_writes_nothing_and_a_change_rewrites_only_what_shows_it() {
    let archive = sample();
    site(&archive, &[]);
    let public = archive.path("public");
    let before = mtimes(&public);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let again = site(&archive, &[]);
    assert_eq!(again["written"], serde_json::json!([]));
    assert_eq!(
        mtimes(&public),
        before,
        "a build with no change wrote files"
    );
    archive
        .minutes(&["site"])
        .ok()
        .stdout_has("public: nothing changed");
    // One changed meeting: its page, the index, its tags' pages, the feed.
    let path = "meetings/2025/2025-01-21.toml";
    let text = archive.read(path);
    archive.write(
        path,
        &text.replacen("notes = \"\"\"", "notes = \"\"\"A new first line.\n", 1),
    );
    let changed = site(&archive, &[]);
    let written: BTreeSet<String> = changed["written"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert!(
        written.contains("2025/2025-01-21/index.html"),
        "{written:?}"
    );
    assert!(written.contains("feed.atom"), "{written:?}");
    let tags: BTreeSet<String> = [
        "usa",
        "ai",
        "china",
        "energy",
        "geopolitics",
        "data",
        "congo",
        "africa",
        "rwanda",
    ]
    .iter()
    .map(|t| format!("tags/{t}/index.html"))
    .collect();
    for file in &written {
        assert!(
            file == "2025/2025-01-21/index.html"
                || file == "index.html"
                || file == "feed.atom"
                || tags.contains(file),
            "{file} was written, but does not show the changed meeting"
        );
    }
    let after = mtimes(&public);
    for (file, time) in &before {
        if !written.contains(file) {
            assert_eq!(after.get(file), Some(time), "{file} was touched");
        }
    }
}

#[test]
fn files_the_site_did_not_write_are_never_touched() {
    let archive = sample();
    archive.write("public/notes.txt", "mine\n");
    archive.write("public/2025/2025-01-07/index.html", "<p>mine</p>\n");
    archive
        .refuses(
            &["site"],
            1,
            "error: the site would replace public/2025/2025-01-07/index.html, which minutes did not write, so nothing was written",
        )
        .stderr_has("help: move them out of public, or build the site into another folder with -o");
    std::fs::remove_file(archive.path("public/2025/2025-01-07/index.html")).unwrap();
    site(&archive, &[]);
    assert_eq!(archive.read("public/notes.txt"), "mine\n");
    // A meeting no longer published: its pages go, the rest stays.
    let path = "meetings/2025/2025-01-07.toml";
    archive.write(
        path,
        &archive
            .read(path)
            .replace("status = \"published\"", "status = \"final\""),
    );
    let json = site(&archive, &[]);
    assert!(
        json["removed"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("2025/2025-01-07/index.html"))
    );
    assert!(!archive.path("public/2025/2025-01-07").exists());
    assert_eq!(archive.read("public/notes.txt"), "mine\n");
    // The site is never built over the minutes.
    archive.refuses(
        &["site", "-o", "meetings/site"],
        1,
        "error: meetings/site is inside the archive's meetings/ folder, so the site was not built",
    );
    archive.refuses(
        &["site", "-o", "."],
        1,
        "error: . holds the archive itself, so the site was not built",
    );
}

#[test]
fn the_site_templates_and_the_permalinks_are_the_archive_s_to_choose() {
    let archive = sample();
    archive
        .minutes(&["templates", "eject", "site-index.html"])
        .ok();
    let template = archive.read("templates/site-index.html");
    archive.write(
        "templates/site-index.html",
        &template.replace(
            "<h1>{{ heading }}</h1>",
            "<h1>{{ heading }}: the archive</h1>",
        ),
    );
    let config = archive
        .read("minutes.toml")
        .replace("output = \"public\"", "output = \"public\"\npermalink = \"calls/{year}-{month}/{id}/\"\npages = [\"article\", \"minutes\"]");
    archive.write("minutes.toml", &config);
    site(&archive, &["-o", "out"]);
    let index = archive.read("out/index.html");
    assert!(
        index.contains("<h1>Tuesday teleconference: the archive</h1>"),
        "{index}"
    );
    assert!(index.contains("href=\"calls&#x2f;2025-01&#x2f;2025-01-28&#x2f;index.html\""));
    let article = archive.read("out/calls/2025-01/2025-01-28/index.html");
    assert!(
        article.contains("2025-01-28&#x2f;minutes&#x2f;index.html\">Minutes</a></nav>"),
        "{article}"
    );
    assert!(
        archive
            .path("out/calls/2025-01/2025-01-28/minutes/index.html")
            .is_file()
    );
    // A pattern that cannot be a folder of the site.
    archive.write(
        "minutes.toml",
        &config.replace("calls/{year}-{month}/{id}/", "../{id}"),
    );
    archive
        .refuses(&["site"], 1, "minutes.toml:")
        .stderr_has("the permalink `../{id}` does not end in `/`");
}
