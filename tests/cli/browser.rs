//! The pages in a real browser: Chromium prints the article to PDF (A4,
//! the text starting on page one, lines of about seventy characters, link
//! addresses on paper) and lays the pages out on a phone 390 pixels wide
//! without anything running off the side. Skipped, saying so, where
//! Chromium or poppler's `pdfinfo` and `pdftotext` are missing (`.ci/run`
//! installs them).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::Archive;

/// The first of `names` found on `PATH`.
fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// Chromium, or `None` after saying on stderr that `test` is skipped.
fn chromium(test: &str, also: &[&str]) -> Option<PathBuf> {
    let browser = on_path(&["chromium", "chromium-browser"]);
    let missing: Vec<&str> = std::iter::once("chromium")
        .filter(|_| browser.is_none())
        .chain(also.iter().copied().filter(|t| on_path(&[t]).is_none()))
        .collect();
    if !missing.is_empty() {
        let note = format!(
            "{test}: skipped, {} not installed (.ci/run installs it)\n",
            missing.join(" and ")
        );
        let _ = std::io::Write::write_all(&mut std::io::stderr(), note.as_bytes());
        return None;
    }
    browser
}

/// Runs headless Chromium with a fresh profile in `dir` and `args`, for
/// two minutes at most.
fn headless(browser: &Path, dir: &Path, args: &[&str]) -> Output {
    let profile = dir.join(format!("profile-{}", std::process::id()));
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
    let deadline = Instant::now() + Duration::from_secs(120);
    while child.try_wait().expect("wait for chromium").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not finish in two minutes: {args:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().expect("read chromium's output")
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// `html` printed to PDF; the PDF's path.
fn print(browser: &Path, dir: &Path, name: &str, html: &str) -> PathBuf {
    let page = dir.join(format!("{name}.html"));
    let pdf = dir.join(format!("{name}.pdf"));
    std::fs::write(&page, html).unwrap();
    let out = headless(
        browser,
        dir,
        &[
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
            &file_url(&page),
        ],
    );
    assert!(
        pdf.is_file(),
        "no PDF from chromium: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    pdf
}

fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("run {tool}: {e}"));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn page_size(pdf: &Path) -> String {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("run pdfinfo");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find(|l| l.starts_with("Page size:"))
        .unwrap_or_default()
        .to_string()
}

/// The average length of the full lines of text (those of more than 40
/// characters; the last line of a paragraph is shorter).
fn characters_per_line(text: &str) -> f64 {
    let lines: Vec<usize> = text
        .lines()
        .map(|l| l.trim().chars().count())
        .filter(|n| *n > 40)
        .collect();
    lines.iter().sum::<usize>() as f64 / lines.len().max(1) as f64
}

#[test]
fn the_article_prints_on_a4_with_its_text_from_page_one() {
    let Some(browser) = chromium(
        "the_article_prints_on_a4_with_its_text_from_page_one",
        &["pdfinfo", "pdftotext"],
    ) else {
        return;
    };
    let archive = Archive::sample();
    let dir = tempfile::tempdir().unwrap();
    for (lang, headline, start) in [
        (
            "en",
            "The DeepSeek case",
            "The Tuesday teleconference began with the launch of",
        ),
        (
            "de",
            "Der Fall DeepSeek",
            "In der Telefonkonferenz am Dienstag ging es zunächst um",
        ),
        (
            "it",
            "Il caso DeepSeek",
            "La teleconferenza di martedì si è aperta con il lancio",
        ),
    ] {
        let html = archive
            .minutes(&["render", "2025-01-28", "-f", "html", "--lang", lang])
            .ok()
            .stdout;
        let pdf = print(&browser, dir.path(), &format!("article-{lang}"), &html);
        assert!(page_size(&pdf).ends_with("(A4)"), "{}", page_size(&pdf));
        let first = poppler("pdftotext", &["-f", "1", "-l", "1"], &pdf);
        let flat = first.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.starts_with(headline), "{lang}, page 1:\n{first}");
        assert!(flat.contains(start), "{lang}, page 1:\n{first}");
        // Page 1 is full: far more than the headline and the lead.
        assert!(flat.len() > 1500, "{lang}, page 1 holds only:\n{first}");
        let cpl = characters_per_line(&first);
        assert!(
            (60.0..=80.0).contains(&cpl),
            "{lang}: {cpl:.1} characters a line"
        );
        // On paper, a link says where it goes; the byline is not a link.
        let all = poppler("pdftotext", &[], &pdf);
        assert!(
            all.contains("<https://opensource.org/license/mit>"),
            "{lang}:\n{all}"
        );
    }
    // The archive can choose Letter.
    let config = archive.read("minutes.toml");
    archive.write(
        "minutes.toml",
        &config.replace("# paper = \"letter\"", "paper = \"letter\""),
    );
    let html = archive
        .minutes(&["render", "2025-01-28", "-f", "html"])
        .ok()
        .stdout;
    let pdf = print(&browser, dir.path(), "article-letter", &html);
    assert!(page_size(&pdf).ends_with("(letter)"), "{}", page_size(&pdf));
}

/// `html` in a frame `width` pixels wide, with what the page measures in it:
/// its scroll width, the characters per line of its paragraphs, and the ids
/// and dates of the action table that break over two lines.
fn measured(browser: &Path, dir: &Path, name: &str, html: &str, width: u32) -> String {
    let srcdoc = html.replace('&', "&amp;").replace('"', "&quot;");
    let probe = format!(
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>probe</title>
<style>body {{ margin: 0; }} iframe {{ border: 0; width: {width}px; height: 900px; }}</style></head>
<body><iframe id="page" srcdoc="{srcdoc}"></iframe>
<script>
document.getElementById('page').addEventListener('load', function () {{
  var doc = this.contentDocument, win = this.contentWindow;
  var total = 0, lines = 0;
  doc.querySelectorAll('main p').forEach(function (p) {{
    var n = Math.round(p.getBoundingClientRect().height / parseFloat(win.getComputedStyle(p).lineHeight));
    if (n > 2) {{ total += p.textContent.replace(/\s+/g, ' ').length; lines += n; }}
  }});
  var broken = 0;
  doc.querySelectorAll('td.ref, td.due, .ref').forEach(function (cell) {{
    var range = doc.createRange();
    range.selectNodeContents(cell);
    var tops = new Set(Array.from(range.getClientRects()).map(function (r) {{ return Math.round(r.top); }}));
    if (tops.size > 1) {{ broken += 1; }}
  }});
  document.body.setAttribute('data-measured',
    'scroll=' + doc.documentElement.scrollWidth + ' cpl=' + (lines ? total / lines : 0).toFixed(1) + ' broken=' + broken);
}});
</script></body></html>"#
    );
    let file = dir.join(format!("{name}-{width}.html"));
    std::fs::write(&file, probe).unwrap();
    let out = headless(
        browser,
        dir,
        &["--virtual-time-budget=5000", "--dump-dom", &file_url(&file)],
    );
    let dom = String::from_utf8_lossy(&out.stdout).into_owned();
    dom.split("data-measured=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_else(|| panic!("{name}: the page measured nothing:\n{dom}"))
        .to_string()
}

fn value(measure: &str, key: &str) -> f64 {
    measure
        .split_whitespace()
        .find_map(|kv| kv.strip_prefix(&format!("{key}=")))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no {key} in {measure}"))
}

#[test]
fn the_pages_fit_a_phone_and_keep_a_readable_measure_on_a_desktop() {
    let Some(browser) = chromium(
        "the_pages_fit_a_phone_and_keep_a_readable_measure_on_a_desktop",
        &[],
    ) else {
        return;
    };
    let archive = Archive::sample();
    let dir = tempfile::tempdir().unwrap();
    let pages: Vec<(&str, Vec<&str>)> = vec![
        ("article", vec!["2025-01-28", "-f", "html"]),
        (
            "article-it",
            vec!["2025-02-04", "-f", "html", "--lang", "it"],
        ),
        ("minutes", vec!["2025-03-04", "-t", "minutes", "-f", "html"]),
        (
            "minutes-de",
            vec!["2025-01-28", "-t", "minutes", "-f", "html", "--lang", "de"],
        ),
        ("agenda", vec!["2025-03-11", "-t", "agenda", "-f", "html"]),
        (
            "dossier",
            vec![
                "-t",
                "dossier",
                "--tag",
                "congo",
                "-f",
                "html",
                "--include-drafts",
            ],
        ),
    ];
    for (name, args) in pages {
        let mut all = vec!["render"];
        all.extend(args);
        let html = archive.minutes(&all).ok().stdout;
        let phone = measured(&browser, dir.path(), name, &html, 390);
        assert!(
            value(&phone, "scroll") <= 390.0,
            "{name} on a phone: {phone}"
        );
        assert_eq!(
            value(&phone, "broken"),
            0.0,
            "{name}: an id or a date breaks: {phone}"
        );
        if name.starts_with("article") {
            let desktop = measured(&browser, dir.path(), name, &html, 1280);
            let cpl = value(&desktop, "cpl");
            assert!(
                (60.0..=80.0).contains(&cpl),
                "{name} on a desktop: {desktop}"
            );
        }
    }
}
