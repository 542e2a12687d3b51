//! `minutes render --template dossier --tag TAG`: the public page of a tag,
//! in md, html and txt, in the readers' language, with nobody named in it.

use crate::render::{HOSTILE, assert_inert, assert_nu_valid, nu_checker};
use crate::support::{Archive, CONFIG};

const FORMATS: &[&str] = &["md", "html", "txt"];

fn dossier(archive: &Archive, tag: &str, extra: &[&str]) -> String {
    let mut args = vec!["render", "--template", "dossier", "--tag", tag];
    args.extend_from_slice(extra);
    archive.minutes(&args).ok().stdout
}

#[test]
fn the_congo_dossier_is_pinned_in_every_format() {
    let archive = Archive::sample();
    for format in FORMATS {
        let out = dossier(&archive, "congo", &["-f", format]);
        insta::assert_snapshot!(format!("dossier_congo.{format}"), out);
    }
}

#[test]
fn the_dossier_lists_the_public_items_on_the_tag_in_date_order() {
    let archive = Archive::sample();
    let out = dossier(&archive, "congo", &[]);
    assert!(out.starts_with("# Congo in our calls, 2025\n"), "{out}");
    let dates = [
        "21 January 2025: The M23 advance towards Goma",
        "28 January 2025: The situation in Congo",
        "4 February 2025: News of the week",
    ];
    let at: Vec<usize> = dates
        .iter()
        .map(|d| out.find(d).unwrap_or_else(|| panic!("{d} missing:\n{out}")))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{out}");
    // A source and the status of an action as of the last publication.
    assert!(
        out.contains("[*Limes, rivista italiana di geopolitica*]"),
        "{out}"
    );
    assert!(out.contains("*(done, due 28 January 2025)*"), "{out}");
    // Only what was published, and dated by it, never by today.
    for unpublished in ["4 March 2025", "11 March 2025", "Keep eastern Congo"] {
        assert!(!out.contains(unpublished), "{unpublished} in:\n{out}");
    }
    assert!(
        out.trim_end().ends_with(
            "*Drawn from the minutes published on Quinterna Lab up to 6 February 2025.*"
        ),
        "{out}"
    );
    // A tag is matched ignoring case, and shown as the items spell it.
    assert_eq!(dossier(&archive, "CONGO", &[]), out);
    // For internal use, the drafts too: marked, and items only listed on
    // an agenda still left out.
    let internal = dossier(&archive, "congo", &["--include-drafts"]);
    assert!(internal.contains("**Draft: not published**"), "{internal}");
    assert!(
        internal.contains(
            "## 4 March 2025: Congo, Rwanda and the minerals-for-security offer *(draft)*"
        ),
        "{internal}"
    );
    assert!(
        internal.contains("- Keep eastern Congo on the agenda"),
        "{internal}"
    );
    assert!(
        internal.contains("*(open, due 18 March 2025)*"),
        "{internal}"
    );
    assert!(!internal.contains("11 March 2025:"), "{internal}");
    assert!(
        internal.contains("*For internal use: includes minutes not yet published, up to the call of 4 March 2025.*"),
        "{internal}"
    );
}

#[test]
fn the_sample_dossier_names_nobody_and_leaves_the_private_item_out() {
    let archive = Archive::sample();
    let private = archive.read("meetings/2025/2025-02-11.toml");
    assert!(private.contains("private = true"));
    let config = archive.read("minutes.toml");
    let names = people(&config);
    assert!(!names.is_empty());
    for format in FORMATS {
        for tag in ["congo", "ai", "usa"] {
            let out = dossier(&archive, tag, &["-f", format]);
            assert!(!out.contains("Group budget"), "the private item on {tag}");
            for name in &names {
                assert!(!out.contains(name.as_str()), "{name} on the {tag} page");
            }
        }
    }
    // Its tag is on no public item: there is no page to publish.
    archive.refuses(
        &["render", "-t", "dossier", "--tag", "group"],
        1,
        "only private items are tagged `group`",
    );
}

/// The display names of `[people]` in a configuration.
fn people(config: &str) -> Vec<String> {
    let value: toml::Table = config.parse().unwrap();
    value["people"]
        .as_table()
        .unwrap()
        .values()
        .filter_map(|v| v.as_str().map(str::to_string))
        .filter(|name| name.contains(' '))
        .collect()
}

/// Two years of a tag: a public item with an owned action (closed later),
/// and a private item on the same tag.
fn two_years() -> Archive {
    let archive = Archive::empty();
    archive.write("minutes.toml", CONFIG);
    archive.write(
        "meetings/2023/2023-05-02.toml",
        r#"schema = 1
date = 2023-05-02
status = "published"
chair = "marco"
publication = { date = 2023-05-03 }
present = ["marco", "lu"]

[[items]]
id = "kivu"
title = "Fighting in North Kivu"
tags = ["congo"]
presenter = "marco"
notes = "The M23 is back."
"#,
    );
    archive.write(
        "meetings/2025/2025-01-28.toml",
        r#"schema = 1
date = 2025-01-28
status = "published"
chair = "anna"
scribe = "marco"
publication = { date = 2025-01-29 }
present = ["anna", "marco", "lu"]

[[items]]
id = "congo"
title = "The situation in Congo"
tags = ["congo"]
presenter = "anna"
notes = "M23 took Goma."
decisions = ["Follow the mediation"]

[[items.actions]]
id = "a1"
owner = "lu"
task = "Collect the figures"
due = 2025-02-04

[[items]]
id = "funds"
title = "Secret funding talk"
tags = ["congo", "money"]
private = true
notes = "Confidential figures."

[[items.actions]]
id = "a2"
owner = "anna"
task = "Call the donor"
"#,
    );
    archive.write(
        "meetings/2025/2025-02-04.toml",
        r#"schema = 1
date = 2025-02-04
status = "draft"
chair = "anna"

[[updates]]
action = "2025-01-28#a1"
status = "done"
note = "Lu Wei sent them."
"#,
    );
    archive
}

#[test]
fn private_items_attendees_and_owners_never_appear() {
    let archive = two_years();
    archive.minutes(&["check"]).ok();
    for format in FORMATS {
        // No `[tags]` here: the tag as written, never title-cased.
        let out = dossier(&archive, "congo", &["-f", format, "--include-drafts"]);
        assert!(out.contains("“congo” in our calls, 2023–2025"), "{out}");
        assert!(out.contains("Fighting in North Kivu"), "{out}");
        assert!(out.contains("Collect the figures"), "{out}");
        assert!(out.contains("done"), "{out}");
        for hidden in [
            "Secret funding",
            "Confidential",
            "Call the donor",
            "Lu Wei",
            "Anna Rossi",
            "Marco Bellini",
            "anna",
            "marco",
        ] {
            assert!(
                !out.contains(hidden),
                "{hidden} on the {format} page:\n{out}"
            );
        }
    }
    // `minutes topic` is for the group: it shows all of it.
    archive
        .minutes(&["topic", "congo"])
        .ok()
        .stdout_has("Secret funding talk");
}

#[test]
fn a_tag_of_private_items_only_has_no_dossier() {
    let archive = two_years();
    archive
        .refuses(
            &["render", "-t", "dossier", "--tag", "money", "-o", "out.md"],
            1,
            "only private items are tagged `money`",
        )
        .stderr_has("public items only");
    assert!(!archive.path("out.md").exists());
}

#[test]
fn an_unknown_tag_suggests_the_closest() {
    let archive = Archive::sample();
    archive
        .refuses(
            &["render", "-t", "dossier", "--tag", "kongo"],
            1,
            "no item is tagged `kongo`",
        )
        .stderr_has("did you mean `congo`?");
}

#[test]
fn the_dossier_goes_into_a_file_with_o() {
    let archive = Archive::sample();
    let shown = dossier(&archive, "congo", &["-f", "html"]);
    archive
        .minutes(&[
            "render",
            "-t",
            "dossier",
            "--tag",
            "congo",
            "-f",
            "html",
            "-o",
            "congo.html",
        ])
        .ok()
        .stderr_has("wrote congo.html");
    assert_eq!(archive.read("congo.html"), shown);
}

#[test]
fn the_german_dossier_uses_the_translation_of_the_meeting() {
    let archive = Archive::sample();
    let overlay = archive.read("meetings/2025/2025-01-28.de.toml");
    assert!(overlay.contains("Die Lage im Kongo"));
    let out = dossier(&archive, "congo", &["--lang", "de"]);
    assert!(
        out.starts_with("# Kongo in unseren Gesprächen, 2025\n"),
        "{out}"
    );
    assert!(
        // Markdown escapes the `.` that could open a numbered list.
        out.contains("## 28\\. Januar 2025: Die Lage im Kongo"),
        "{out}"
    );
    assert!(
        out.contains("Die M23, die\nvom Nachbarland Ruanda"),
        "{out}"
    );
    assert!(out.contains("### Quellen"), "{out}");
    assert!(
        out.contains("(erledigt, fällig am 28. Januar 2025)"),
        "{out}"
    );
    // Each translator is credited under the entry they translated.
    assert!(
        out.contains("*Ins Deutsche übersetzt von Bonustracks.*"),
        "{out}"
    );
    assert!(out.contains("## 21\\. Januar 2025: Der Vormarsch der M23 auf Goma"));
    let italian = dossier(&archive, "congo", &["--lang", "it", "-f", "txt"]);
    assert!(
        italian.contains("Il Congo nei nostri incontri, 2025"),
        "{italian}"
    );
    assert!(
        italian.contains("Tradotto in italiano da Anna Rossi."),
        "{italian}"
    );
    // A meeting without a translation stays as written, said and warned.
    archive.write(
        "meetings/2025/2025-01-21.de.toml",
        "schema = 1\ntitle = \"Nur der Titel\"\n",
    );
    let run = archive
        .minutes(&["render", "-t", "dossier", "--tag", "congo", "--lang", "de", "-f", "html"])
        .ok()
        .stderr_has("the German translation of 2025-01-21 (meetings/2025/2025-01-21.de.toml) leaves out \"kivu-front\": shown in English");
    assert!(
        run.stdout
            .contains("<p class=\"notice\" lang=\"de\">Einige Einträge"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(": <span lang=\"en\">The M23 advance towards Goma</span></h2>"),
        "{}",
        run.stdout
    );
}

#[test]
fn markup_in_the_items_never_runs_in_the_dossier() {
    let archive = Archive::new();
    let tagged = HOSTILE.replace("id = \"x\"\n", "id = \"x\"\ntags = [\"congo\"]\n");
    archive.write("meetings/2025/2025-01-28.toml", &tagged);
    let out = dossier(&archive, "congo", &["-f", "html", "--include-drafts"]);
    assert_inert(&out, "dossier");
    assert!(
        out.contains("&lt;iframe src=javascript:alert(11)&gt;"),
        "{out}"
    );
}

#[test]
fn the_dossier_pages_pass_the_nu_checker() {
    let Some(jar) = nu_checker("the_dossier_pages_pass_the_nu_checker") else {
        return;
    };
    let archive = Archive::sample();
    let mut files = Vec::new();
    for lang in ["en", "de", "it"] {
        for tag in ["congo", "ai"] {
            let file = archive.path(&format!("{tag}-{lang}.html"));
            let out = dossier(&archive, tag, &["-f", "html", "--lang", lang]);
            std::fs::write(&file, out).unwrap();
            files.push(file);
        }
    }
    assert_nu_valid(&jar, &files);
}

#[test]
fn wrong_combinations_of_meeting_tag_and_template_are_usage_errors() {
    let archive = Archive::sample();
    archive
        .refuses(
            &["render", "2025-01-28", "--tag", "congo"],
            2,
            "`--tag` is for the dossier, not for the template `article`",
        )
        .stderr_has("--template dossier --tag TAG");
    archive.refuses(
        &["render", "-t", "minutes", "--tag", "congo"],
        2,
        "not for the template `minutes`",
    );
    archive
        .refuses(&["render", "-t", "dossier"], 2, "the dossier needs a tag")
        .stderr_has("`minutes topics` lists the tags");
    archive.refuses(
        &["render", "2025-01-28", "-t", "dossier", "--tag", "congo"],
        2,
        "a dossier is of a tag, not of a meeting (`2025-01-28`)",
    );
    archive
        .refuses(&["render"], 2, "which meeting?")
        .stderr_has("`latest` or `next`");
    archive.refuses(
        &["render", "-t", "dossier", "--tag", "congo", "-f", "pdf"],
        2,
        "there is no format `pdf`",
    );
}

#[test]
fn the_help_tells_of_the_dossier() {
    let archive = Archive::sample();
    archive
        .minutes(&["render", "--help"])
        .ok()
        .stdout_has("--tag <TAG>")
        .stdout_has("--template dossier --tag TAG");
}

#[test]
fn an_archive_dossier_template_overrides_the_built_in_and_its_errors_say_so() {
    let archive = Archive::sample();
    archive.write(
        "templates/dossier.md",
        "{{ dossier.topic }}: {{ entries | length }} items\n",
    );
    archive
        .minutes(&["render", "-t", "dossier", "--tag", "congo"])
        .ok()
        .stdout_has("Congo: 3 items");
    archive.write(
        "templates/dossier.md",
        "{{ dossier.heading }}\n{{ entry.owner }}\n",
    );
    archive
        .refuses(
            &["render", "-t", "dossier", "--tag", "congo", "-o", "out.md"],
            1,
            "templates/dossier.md:2",
        )
        .stderr_has("while rendering the dossier of `congo`");
    assert!(!archive.path("out.md").exists());
}

#[test]
fn a_dossier_has_no_past_revision() {
    let archive = Archive::sample();
    let args = [
        "render",
        "--template",
        "dossier",
        "--tag",
        "congo",
        "--at",
        "HEAD~1",
    ];
    archive.refuses(&args, 2, "`--at` renders a meeting as it was");
}
