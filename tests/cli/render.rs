//! `minutes render` and `minutes templates`: reports through templates, in
//! the readers' language, safe HTML, bounded and strict templates.

use std::path::Path;
use std::process::Command;

use crate::support::{Archive, MEETING};

const KINDS: &[&str] = &["article", "minutes", "agenda"];
const FORMATS: &[&str] = &["md", "html", "txt"];
const LANGS: &[&str] = &["en", "de", "it"];

fn render(archive: &Archive, args: &[&str]) -> String {
    let mut all = vec!["render"];
    all.extend_from_slice(args);
    archive.minutes(&all).ok().stdout
}

/// The ids of the sample meetings.
fn sample_meetings(archive: &Archive) -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(archive.path("meetings/2025"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".toml").map(str::to_string))
        .filter(|n| !n.contains('.'))
        .collect();
    ids.sort();
    ids
}

#[test]
fn the_articles_of_the_deepseek_call_are_pinned() {
    let archive = Archive::sample();
    for lang in LANGS {
        for format in FORMATS {
            let out = render(
                &archive,
                &[
                    "2025-01-28",
                    "--template",
                    "article",
                    "-f",
                    format,
                    "--lang",
                    lang,
                ],
            );
            insta::assert_snapshot!(format!("article_2025-01-28_{lang}.{format}"), out);
        }
    }
}

#[test]
fn the_minutes_and_agendas_are_pinned() {
    let archive = Archive::sample();
    for meeting in ["2025-01-28", "2025-02-11"] {
        for format in ["md", "html"] {
            let out = render(&archive, &[meeting, "-t", "minutes", "-f", format]);
            insta::assert_snapshot!(format!("minutes_{meeting}.{format}"), out);
        }
    }
    // The call with a guest, a recording, a resolution and an item the
    // call did not reach.
    for format in ["md", "html", "txt"] {
        let out = render(&archive, &["2025-03-04", "-t", "minutes", "-f", format]);
        insta::assert_snapshot!(format!("minutes_2025-03-04.{format}"), out);
    }
    for format in ["txt", "md"] {
        let out = render(&archive, &["2025-03-11", "-t", "agenda", "-f", format]);
        insta::assert_snapshot!(format!("agenda_2025-03-11.{format}"), out);
    }
}

#[test]
fn every_built_in_template_renders_every_sample_meeting() {
    let archive = Archive::sample();
    for meeting in sample_meetings(&archive) {
        for kind in KINDS {
            for format in FORMATS {
                for lang in LANGS {
                    let args = ["render", &meeting, "-t", kind, "-f", format, "--lang", lang];
                    let run = archive.minutes(&args);
                    assert_eq!(run.code, 0, "{args:?}:\n{}", run.stderr);
                    assert!(run.stdout.ends_with('\n') && run.stdout.len() > 100);
                }
            }
        }
    }
}

#[test]
fn the_german_article_has_the_shape_of_a_publication() {
    let archive = Archive::sample();
    let out = render(&archive, &["2025-01-28", "--lang", "de"]);
    assert!(
        out.starts_with(
            "# Der Fall DeepSeek\n\n*Studiengruppe am Dienstag · Dienstag, 28. Januar 2025*\n"
        ),
        "{out}"
    );
    let opening =
        "In der Telefonkonferenz am Dienstag ging es zunächst um die Vorstellung von DeepSeek-R1";
    assert!(out.contains(opening), "{out}");
    let closing = out
        .find("Zum Abschluss der Telefonkonferenz ging es um die Lage im Kongo.")
        .expect("closing sentence");
    assert!(closing > out.find("Hinter alledem steht das Netz").unwrap());
    assert!(out.trim_end().ends_with(
        "*Veröffentlicht am 28. Januar 2025 auf Quinterna Lab, ins Deutsche übersetzt von Bonustracks.*"
    ));
}

#[test]
fn the_italian_and_english_articles_frame_the_same_call() {
    let archive = Archive::sample();
    let it = render(&archive, &["2025-01-28", "--lang", "it", "-f", "txt"]);
    assert!(it.contains("La teleconferenza di martedì si è aperta con il lancio di DeepSeek-R1"));
    assert!(it.contains("In chiusura, il gruppo ha discusso la situazione in Congo."));
    assert!(it.contains(
        "Pubblicato il 28 gennaio 2025 su Quinterna Lab, tradotto in italiano da\nAnna Rossi."
    ));
    let en = render(&archive, &["2025-01-28"]);
    assert!(en.contains("The Tuesday teleconference began with the launch of DeepSeek-R1"));
    assert!(en.contains("Finally, the group turned to the situation in Congo."));
    assert!(en.contains("*Published on 28 January 2025 on Quinterna Lab.*"));
    assert!(!en.contains("translated"));
}

#[test]
fn without_a_translation_the_page_stays_in_the_language_of_the_text() {
    let archive = Archive::sample();
    let run = archive
        .minutes(&["render", "2025-02-11", "--lang", "de"])
        .ok()
        .stderr_has("warning: 2025-02-11 has no German translation (meetings/2025/2025-02-11.de.toml is missing): shown in English");
    let out = run.stdout;
    assert!(
        out.starts_with("# The Paris summit without a common line\n"),
        "{out}"
    );
    assert!(
        out.contains("> *Von dieser Sitzung gibt es noch keine deutsche Übersetzung: Sie erscheint in der Sprache, in der sie geschrieben wurde (English).*"),
        "{out}"
    );
    assert!(out.contains("The Tuesday teleconference began with the news of the week."));
    for german in ["Telefonkonferenz", "Anschließend", "Entwurf", "Dienstag"] {
        assert!(!out.contains(german), "{german} in:\n{out}");
    }
    let html = render(&archive, &["2025-02-11", "--lang", "it", "-f", "html"]);
    assert!(html.contains("<html lang=\"en\">"), "{html}");
    assert!(
        html.contains("<p class=\"notice\" lang=\"it\">Di questa riunione"),
        "{html}"
    );
    // The publication date, not the date of the call, where there is one.
    let published = render(&archive, &["2025-02-04", "--lang", "de"]);
    assert!(published.contains("Veröffentlicht am 6. Februar 2025 auf Quinterna Lab, ins Deutsche übersetzt von Bonustracks."));
}

#[test]
fn an_article_never_shows_attendees_private_items_or_owners() {
    let archive = Archive::sample();
    for format in FORMATS {
        let out = render(&archive, &["2025-02-11", "-f", format]);
        for hidden in [
            "Group budget",
            "conference server",
            "Anna Rossi",
            "Marco Bellini",
            "Pietro Conti",
            "Giulia",
        ] {
            assert!(
                !out.contains(hidden),
                "{hidden} in the {format} article:\n{out}"
            );
        }
    }
}

#[test]
fn the_minutes_mark_private_items_and_public_leaves_them_out() {
    let archive = Archive::sample();
    let all = render(&archive, &["2025-02-11", "-t", "minutes"]);
    assert!(all.contains("## 3. Group budget and conference server *(private)*"));
    assert!(all.contains("Private item: not for publication."));
    let public = render(&archive, &["2025-02-11", "-t", "minutes", "--public"]);
    assert!(!public.contains("Group budget"));
    assert!(!public.contains("Renew the conference server"));
}

/// A meeting whose text tries to run code in the page.
pub const HOSTILE: &str = r#"schema = 1
date = 2025-01-28
status = "draft"
title = "<script>alert('title')</script>"
chair = "anna"

[[items]]
id = "x"
title = "<img src=x onerror=alert(1)>"
lead = "<b onmouseover=alert(2)>lead</b>"
notes = """
Text <script>alert(3)</script> and <img src="a.png" onerror="alert(4)">.

[a link](javascript:alert(5)) and <a href="javascript:alert(6)">another</a>.

<div onclick="alert(7)">a block</div>
"""
decisions = ["<script>alert(8)</script>"]

[[items.sources]]
title = "<svg onload=alert(9)>"
url = "javascript:alert(10)"

[[items.actions]]
id = "a1"
owner = "anna"
task = "<iframe src=javascript:alert(11)>"
"#;

/// The tags of an HTML page: every `<...>`.
pub fn tags(html: &str) -> Vec<&str> {
    html.match_indices('<')
        .map(|(start, _)| {
            let rest = &html[start..];
            &rest[..rest.find('>').map_or(rest.len(), |end| end + 1)]
        })
        .collect()
}

#[test]
fn markup_in_titles_and_notes_never_runs_in_the_html() {
    let archive = Archive::new();
    archive.write("meetings/2025/2025-01-28.toml", HOSTILE);
    for kind in KINDS {
        let out = render(&archive, &["2025-01-28", "-t", kind, "-f", "html"]);
        assert_inert(&out, kind);
        // Escaped, the text is still there for a reader.
        assert!(
            out.contains("&lt;script&gt;alert(&#x27;title&#x27;)"),
            "{out}"
        );
    }
    let minutes = render(&archive, &["2025-01-28", "-t", "minutes", "-f", "html"]);
    assert!(minutes.contains("a link"), "the link text stays");
    assert!(minutes.contains("&lt;svg onload=alert(9)&gt;"), "{minutes}");
}

#[test]
fn an_archive_template_overrides_the_built_in() {
    let archive = Archive::sample();
    archive.write(
        "templates/article.md",
        "Custom: {{ meeting.headline }} ({{ t.present }})\n",
    );
    let out = render(&archive, &["2025-01-28", "--lang", "de"]);
    assert_eq!(out, "Custom: Der Fall DeepSeek (Anwesend)\n");
    let list = archive.minutes(&["templates", "list"]).ok().stdout;
    let line = list.lines().find(|l| l.starts_with("article.md")).unwrap();
    assert!(line.contains("archive file (overrides built-in)"), "{list}");
    let line = list
        .lines()
        .find(|l| l.starts_with("article.html"))
        .unwrap();
    assert!(line.contains("built-in"), "{list}");
}

#[test]
fn an_archive_phrase_table_overrides_single_phrases_and_can_add_a_language() {
    let archive = Archive::sample();
    archive.write(
        "templates/lang/en.toml",
        "published = \"First seen on {date} at {venue}\"\n",
    );
    let out = render(&archive, &["2025-01-28"]);
    assert!(
        out.contains("*First seen on 28 January 2025 at Quinterna Lab.*"),
        "{out}"
    );
    assert!(out.contains("The Tuesday teleconference began with"));
    let en =
        std::fs::read_to_string(crate::support::project().join("templates/lang/en.toml")).unwrap();
    archive.write(
        "templates/lang/fr.toml",
        &en.replace("en_GB", "fr_FR").replace(
            "The {weekday} teleconference",
            "La téléconférence du {weekday}",
        ),
    );
    // The page is in French where the meeting has a French text.
    archive.write(
        "meetings/2025/2025-01-28.fr.toml",
        "schema = 1\n[items.deepseek]\ntitle = \"DeepSeek\"\nlead = \"le lancement de DeepSeek-R1\"\n\
         notes = \"Le modèle.\"\ndecisions = [\"Suivre les modèles ouverts.\"]\n",
    );
    let fr = render(&archive, &["2025-01-28", "--lang", "fr"]);
    assert!(
        fr.contains("La téléconférence du mardi began with le lancement de DeepSeek-R1"),
        "{fr}"
    );
}

#[test]
fn a_looping_template_stops_with_an_error_and_writes_nothing() {
    let archive = Archive::sample();
    archive.write(
        "templates/article.md",
        "# {{ meeting.headline }}\n{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}\n",
    );
    archive
        .refuses(
            &["render", "2025-01-28", "-o", "out.md"],
            1,
            "templates/article.md:2",
        )
        .stderr_has("fuel")
        .stderr_has("while rendering meeting 2025-01-28");
    assert!(!archive.path("out.md").exists());
}

#[test]
fn an_undefined_value_is_an_error_naming_template_line_and_column() {
    let archive = Archive::sample();
    archive.write(
        "templates/minutes.html",
        "<p>\n  {{ meeting.nope }}\n</p>\n",
    );
    archive
        .refuses(
            &[
                "render",
                "2025-01-28",
                "-t",
                "minutes",
                "-f",
                "html",
                "-o",
                "out.html",
            ],
            1,
            "templates/minutes.html:2:6: undefined value",
        )
        .stderr_has("while rendering meeting 2025-01-28")
        .stderr_has("help:");
    assert!(!archive.path("out.html").exists());
}

#[test]
fn an_error_in_an_included_template_names_that_template() {
    let archive = Archive::sample();
    archive.write(
        "templates/_base.html",
        "<html>\n{% block body %}{% endblock %}\n{{ oops }}\n",
    );
    archive.refuses(
        &["render", "2025-01-28", "-f", "html"],
        1,
        "templates/_base.html:3",
    );
}

#[test]
fn templates_can_include_only_templates() {
    let archive = Archive::sample();
    for name in [
        "../minutes.toml",
        "/etc/passwd",
        "..\\\\minutes.toml",
        "lang/../../minutes.toml",
    ] {
        archive.write(
            "templates/article.md",
            &format!("{{% include \"{name}\" %}}\n"),
        );
        archive
            .refuses(&["render", "2025-01-28"], 1, "is not a template name")
            .stderr_has("templates/article.md:1");
    }
}

#[test]
fn output_goes_to_a_file_atomically_and_an_error_keeps_the_old_file() {
    let archive = Archive::sample();
    let run = archive
        .minutes(&[
            "render",
            "2025-01-28",
            "-t",
            "minutes",
            "-f",
            "html",
            "-o",
            "public/m.html",
        ])
        .ok();
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("wrote public/m.html"));
    let page = archive.read("public/m.html");
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert_eq!(
        page,
        render(&archive, &["2025-01-28", "-t", "minutes", "-f", "html"])
    );
    archive.write("templates/minutes.html", "{{ nope }}");
    archive.refuses(
        &[
            "render",
            "2025-01-28",
            "-t",
            "minutes",
            "-f",
            "html",
            "-o",
            "public/m.html",
            "--force",
        ],
        1,
        "undefined value",
    );
    assert_eq!(archive.read("public/m.html"), page);
    let leftovers: Vec<_> = std::fs::read_dir(archive.path("public")).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "a temporary file was left behind");
}

#[test]
fn unknown_choices_are_usage_errors_that_list_the_choices() {
    let archive = Archive::sample();
    archive
        .refuses(
            &["render", "2025-01-28", "-t", "letter"],
            2,
            "there is no template `letter` for the format md",
        )
        .stderr_has("article, minutes, agenda".split(", ").next().unwrap())
        .stderr_has(
            "agenda, article, dossier, generic, minutes, nodejs-tsc, rust-council, w3c-wecg",
        );
    archive
        .refuses(
            &["render", "2025-01-28", "-f", "pdf"],
            2,
            "there is no format `pdf`",
        )
        .stderr_has("md, html, txt");
    archive
        .refuses(
            &["render", "2025-01-28", "--lang", "fr"],
            2,
            "no phrase table for the language `fr`",
        )
        .stderr_has("de, en, it");
    archive.refuses(
        &["render", "2025-01-28", "--lang", "../en"],
        2,
        "`../en` is not a language tag",
    );
    archive.refuses(
        &["render", "2025-01-28", "-t", "../x"],
        2,
        "no template `../x`",
    );
    archive.refuses(
        &["render", "2025-01-28", "-t", "_base", "-f", "html"],
        2,
        "no template `_base`",
    );
}

#[test]
fn a_meeting_that_does_not_exist_is_an_error() {
    let archive = Archive::sample();
    archive.refuses(
        &["render", "2030-01-01"],
        1,
        "there is no meeting 2030-01-01",
    );
}

#[test]
fn eject_copies_a_built_in_and_refuses_to_overwrite() {
    let archive = Archive::new();
    let run = archive
        .minutes(&["templates", "eject", "article.html"])
        .ok();
    assert!(run.stderr.contains("wrote templates/article.html"));
    let built_in =
        std::fs::read_to_string(crate::support::project().join("templates/article.html")).unwrap();
    assert_eq!(archive.read("templates/article.html"), built_in);
    let list = archive.minutes(&["templates", "list"]).ok().stdout;
    assert!(list.contains("same as built-in"), "{list}");

    archive.write("templates/article.html", "mine");
    archive
        .refuses(
            &["templates", "eject", "article.html"],
            1,
            "templates/article.html already exists",
        )
        .stderr_has("--force");
    archive
        .minutes(&["templates", "eject", "article.html", "--force"])
        .ok();
    assert_eq!(archive.read("templates/article.html"), built_in);

    archive
        .minutes(&["templates", "eject", "lang/de.toml"])
        .ok();
    assert!(
        archive
            .read("templates/lang/de.toml")
            .contains("Telefonkonferenz")
    );
    archive
        .refuses(
            &["templates", "eject", "letter.md"],
            2,
            "no built-in template `letter.md`",
        )
        .stderr_has("article.md");
    archive.refuses(
        &["templates", "eject", "../minutes.toml"],
        2,
        "not a template name",
    );
}

#[test]
fn templates_list_as_json() {
    let archive = Archive::new();
    archive.write("templates/letter.md", "{{ meeting.id }}");
    let json = archive
        .minutes(&["--json", "templates", "list"])
        .ok()
        .json();
    let rows = json.as_array().unwrap();
    let letter = rows.iter().find(|r| r["name"] == "letter.md").unwrap();
    assert_eq!(letter["origin"], "archive");
    assert_eq!(letter["file"], "templates/letter.md");
    assert_eq!(
        render(&archive, &["2025-01-28", "-t", "letter"]),
        "2025-01-28\n"
    );
}

#[test]
fn check_reports_a_template_that_does_not_compile() {
    let archive = Archive::new();
    archive.write(
        "templates/article.md",
        "# {{ meeting.headline }}\n{% if items %}\nno end\n",
    );
    archive.write("templates/lang/xx.toml", "date = 3\n");
    let run = archive.minutes(&["check"]).fails(1);
    run.stderr_has("templates/article.md:")
        .stderr_has("does not compile")
        .stderr_has("templates/lang/xx.toml:1:8");
    archive.write("templates/article.md", "# {{ meeting.headline }}\n");
    archive.write("templates/lang/xx.toml", "locale = \"fr_FR\"\n");
    let run = archive.minutes(&["check"]);
    assert!(
        !run.stderr.contains("templates/article.md"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("templates/lang/xx.toml"),
        "a table that lacks keys: {}",
        run.stderr
    );
}

#[test]
fn the_agenda_lists_open_actions_with_their_tasks() {
    let archive = Archive::sample();
    let out = render(&archive, &["2025-03-11", "-t", "agenda", "-f", "txt"]);
    assert!(
        out.contains("Tuesday, 11 March 2025, 21:00–23:00 (CET)"),
        "{out}"
    );
    assert!(
        out.contains("2. Chinese open-weight models since January — Marco Bellini (50\u{a0}min)")
    );
    assert!(out.contains("Timeboxed: 120 of 120 min."));
    assert!(
        out.contains("[2025-03-04#a1] Prepare an overview of the Chinese open-weight"),
        "{out}"
    );
}

#[test]
fn the_small_test_meeting_renders_too() {
    let archive = Archive::new();
    assert!(MEETING.contains("congo"));
    archive
        .minutes(&["render", "2025-01-28", "-t", "minutes", "-f", "txt"])
        .ok()
        .stdout_has("1. The situation in Congo")
        .stdout_has("- [2025-01-28#a1] Collect the figures (Lu Wei)");
}

/// The pages pass the W3C Nu HTML checker, when it is installed:
/// `MINUTES_VNU_JAR` names its vnu.jar (`.ci/vnu` installs it).
#[test]
fn the_html_pages_pass_the_nu_checker() {
    let Some(jar) = nu_checker("the_html_pages_pass_the_nu_checker") else {
        return;
    };
    let archive = Archive::sample();
    archive.write(
        "meetings/2025/2025-01-27.toml",
        &HOSTILE.replace("2025-01-28", "2025-01-27"),
    );
    let pages = archive.path("pages");
    std::fs::create_dir_all(&pages).unwrap();
    let mut files = Vec::new();
    let mut meetings = sample_meetings(&archive);
    meetings.push("2025-01-27".into());
    for meeting in &meetings {
        for kind in KINDS {
            for lang in LANGS {
                let file = pages.join(format!("{meeting}-{kind}-{lang}.html"));
                let out = render(
                    &archive,
                    &[meeting, "-t", kind, "-f", "html", "--lang", lang],
                );
                std::fs::write(&file, out).unwrap();
                files.push(file);
            }
        }
    }
    assert_nu_valid(&jar, &files);
}

/// The Nu checker's vnu.jar, named by `MINUTES_VNU_JAR`; when it is not set,
/// `test` says on stderr that it skips the check.
pub fn nu_checker(test: &str) -> Option<String> {
    let jar = std::env::var("MINUTES_VNU_JAR").ok();
    if jar.is_none() {
        // Written past the test harness's capture, so that the log shows it.
        let note =
            format!("{test}: skipped, MINUTES_VNU_JAR is not set (.ci/vnu installs the checker)\n");
        let _ = std::io::Write::write_all(&mut std::io::stderr(), note.as_bytes());
    }
    jar
}

/// Runs the Nu checker on `files`; fails with its report on any error,
/// and on any warning about the language of a page (the checker guesses
/// the language of the text and compares it with `<html lang>`).
pub fn assert_nu_valid(jar: &str, files: &[std::path::PathBuf]) {
    let output = Command::new("java")
        .args(["-jar", jar, "--format", "gnu"])
        .args(files)
        .output()
        .expect("run java -jar vnu.jar");
    let report = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the Nu checker found errors:\n{report}"
    );
    let lang: Vec<&str> = report
        .lines()
        .filter(|l| l.contains("warning") && l.contains("lang"))
        .collect();
    assert!(
        lang.is_empty(),
        "the Nu checker doubts the language of a page:\n{}",
        lang.join("\n")
    );
    assert!(Path::new(jar).is_file());
}

#[test]
fn a_broken_translation_or_phrase_table_names_its_file_and_line() {
    let archive = Archive::sample();
    archive.write(
        "meetings/2025/2025-01-28.de.toml",
        "schema = 1\ntitel = \"Der Fall\"\n",
    );
    archive
        .refuses(
            &["render", "2025-01-28", "--lang", "de", "-o", "out.md"],
            1,
            "meetings/2025/2025-01-28.de.toml:2:1",
        )
        .stderr_has("titel");
    assert!(!archive.path("out.md").exists());
    archive.write("templates/lang/it.toml", "opening = [1, 2]\n");
    archive.refuses(
        &["render", "2025-01-28", "--lang", "it"],
        1,
        "templates/lang/it.toml:1:11",
    );
    archive.write("templates/lang/it.toml", "locale = \"xx_YY\"\n");
    archive
        .refuses(
            &["render", "2025-01-28", "--lang", "it"],
            1,
            "unknown locale `xx_YY`",
        )
        .stderr_has("templates/lang/it.toml");
}

/// Asserts that no tag of the page `out` carries markup from the hostile
/// meeting: no script, image, frame or event attribute, no `javascript:`.
/// Escaped text inside a quoted attribute value (a description that
/// quotes the hostile lead) is text, not an attribute.
pub fn assert_inert(out: &str, page: &str) {
    for tag in tags(out) {
        let tag = tag.to_ascii_lowercase();
        assert!(
            !tag.contains("javascript:"),
            "{tag} reached the {page} page:\n{out}"
        );
        let bare: String = tag.split('"').step_by(2).collect();
        for bad in ["<script", "<img", "<svg", "<iframe", "<b ", " on"] {
            assert!(!bare.contains(bad), "{tag} reached the {page} page:\n{out}");
        }
    }
}
