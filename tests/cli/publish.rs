//! Drafts an editor can publish: every page in one language (or marking
//! what is not), dates that tell the truth, prose frames that read right
//! with the items in any order, the details of German and Italian, and
//! pages that print.

use std::collections::BTreeMap;

use crate::support::{Archive, project};

const KINDS: &[&str] = &["article", "minutes", "agenda"];
const FORMATS: &[&str] = &["md", "html", "txt"];
const LANGS: &[&str] = &["en", "de", "it"];

fn render(archive: &Archive, args: &[&str]) -> String {
    let mut all = vec!["render"];
    all.extend_from_slice(args);
    archive.minutes(&all).ok().stdout
}

/// The ids of the sample meetings.
fn sample_meetings() -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(project().join("meetings/2025"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".toml").map(str::to_string))
        .filter(|n| !n.contains('.'))
        .collect();
    ids.sort();
    ids
}

// ---- one language per page --------------------------------------------

/// The elements that have no end tag.
const VOID: &[&str] = &["meta", "link", "br", "hr", "img", "input", "wbr"];

/// The text of the body of `html`, leaving out every element that carries
/// a `lang` of its own, with entities read and spaces folded.
fn text_outside_lang(html: &str) -> String {
    let body = &html[html.find("<body").unwrap_or(0)..];
    let mut out = String::new();
    let mut marked = 0usize;
    let mut stack: Vec<bool> = Vec::new();
    let mut rest = body;
    while let Some(open) = rest.find('<') {
        if marked == 0 {
            out.push_str(&rest[..open]);
        }
        let close = rest[open..].find('>').map_or(rest.len(), |c| open + c + 1);
        let tag = &rest[open..close];
        rest = &rest[close..];
        out.push(' ');
        if tag.starts_with("</") {
            if stack.pop() == Some(true) {
                marked -= 1;
            }
            continue;
        }
        let name: String = tag[1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if tag.starts_with("<!") || VOID.contains(&name.as_str()) {
            continue;
        }
        let has_lang = tag.contains(" lang=\"");
        marked += usize::from(has_lang);
        stack.push(has_lang);
    }
    fold(&unescape(&out))
}

fn unescape(text: &str) -> String {
    text.replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Whether `needle` stands in `text` as whole words.
fn has_words(text: &str, needle: &str) -> bool {
    text.match_indices(needle).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Pieces of a meeting's own text, in the language it was written in: its
/// title, the titles, leads and decisions of its items, five plain words of
/// each paragraph of notes, the tasks of its actions and the notes of its
/// updates.
fn written_text(file: &str) -> Vec<String> {
    let meeting: toml::Table = std::fs::read_to_string(project().join(file))
        .unwrap()
        .parse()
        .unwrap();
    let mut out = Vec::new();
    let text = |v: Option<&toml::Value>| v.and_then(|v| v.as_str()).map(str::to_string);
    out.extend(text(meeting.get("title")));
    let empty = Vec::new();
    let items = meeting
        .get("items")
        .and_then(|i| i.as_array())
        .unwrap_or(&empty);
    for item in items {
        out.extend(text(item.get("title")));
        out.extend(text(item.get("lead")));
        for decision in item
            .get("decisions")
            .and_then(|d| d.as_array())
            .unwrap_or(&empty)
        {
            out.extend(decision.as_str().map(str::to_string));
            out.extend(text(decision.get("text")));
        }
        for action in item
            .get("actions")
            .and_then(|a| a.as_array())
            .unwrap_or(&empty)
        {
            out.extend(text(action.get("task")));
        }
        let notes = text(item.get("notes")).unwrap_or_default();
        for paragraph in notes.split("\n\n") {
            let words: Vec<&str> = paragraph.split_whitespace().collect();
            let plain = words.windows(5).find(|w| {
                w.iter().all(|word| {
                    !word.contains(['*', '_', '[', ']', '(', ')', '`', '"']) && *word != "-"
                })
            });
            out.extend(plain.map(|w| w.join(" ")));
        }
    }
    for update in meeting
        .get("updates")
        .and_then(|u| u.as_array())
        .unwrap_or(&empty)
    {
        out.extend(text(update.get("note")));
    }
    out.into_iter()
        .map(|t| fold(&t))
        .filter(|t| t.len() > 3)
        .collect()
}

/// The English words of the phrase table that the table of `lang` says
/// otherwise: fragments of eight characters or more between placeholders.
fn english_labels(lang: &str) -> Vec<String> {
    let table = |l: &str| -> BTreeMap<String, String> {
        let text =
            std::fs::read_to_string(project().join(format!("templates/lang/{l}.toml"))).unwrap();
        toml::from_str(&text).unwrap()
    };
    let (en, other) = (table("en"), table(lang));
    let mut out = Vec::new();
    for (key, phrase) in &en {
        if other.get(key) == Some(phrase)
            || ["locale", "date", "date_full", "weekday", "time"].contains(&key.as_str())
        {
            continue;
        }
        for piece in phrase.split(['{', '}']).step_by(2) {
            let piece = piece.trim_matches(|c: char| !c.is_alphanumeric());
            if piece.len() >= 8 {
                out.push(piece.to_string());
            }
        }
    }
    out
}

#[test]
fn no_page_carries_text_of_another_language_without_saying_so() {
    let archive = Archive::sample();
    for meeting in sample_meetings() {
        let file = format!("meetings/2025/{meeting}.toml");
        let english = written_text(&file);
        for kind in KINDS {
            for lang in LANGS {
                let translated = project()
                    .join(format!("meetings/2025/{meeting}.{lang}.toml"))
                    .is_file();
                // Markdown and text cannot mark a fragment: a page in
                // another language than asked for says so in words.
                for format in ["md", "txt"] {
                    let args = ["render", &meeting, "-t", kind, "-f", format, "--lang", lang];
                    let out = archive.minutes(&args).ok().stdout;
                    let notice = [
                        "There is no English",
                        "keine deutsche Übersetzung",
                        "traduzione italiana",
                    ]
                    .iter()
                    .any(|n| fold(&out).contains(n));
                    assert_eq!(notice, *lang != "en" && !translated, "{args:?}:\n{out}");
                }
                let run = archive
                    .minutes(&["render", &meeting, "-t", kind, "-f", "html", "--lang", lang]);
                assert_eq!(run.code, 0, "{meeting} {kind} {lang}: {}", run.stderr);
                let page = run.stdout;
                let page_lang = page
                    .split("<html lang=\"")
                    .nth(1)
                    .and_then(|r| r.split('"').next())
                    .unwrap_or_default()
                    .to_string();
                if *lang != "en" && !translated {
                    // The frame follows the text: the page is in English and
                    // says why, in the readers' language, marked as such.
                    assert_eq!(page_lang, "en", "{meeting} {kind} {lang}");
                    assert!(
                        page.contains(&format!("<p class=\"notice\" lang=\"{lang}\">")),
                        "{meeting} {kind} {lang}: no notice\n{page}"
                    );
                    assert!(run.stderr.contains("warning:"), "{meeting} {kind} {lang}");
                    continue;
                }
                assert_eq!(page_lang, *lang, "{meeting} {kind} {lang}");
                if *lang == "en" {
                    continue;
                }
                let text = text_outside_lang(&page);
                for piece in english.iter().chain(&english_labels(lang)) {
                    assert!(
                        !has_words(&text, piece),
                        "{meeting} {kind} {lang}: unmarked English {piece:?} in\n{text}"
                    );
                }
            }
        }
    }
}

#[test]
fn a_page_without_a_translation_says_so_in_every_format() {
    let archive = Archive::sample();
    for format in FORMATS {
        for kind in KINDS {
            let run = archive
                .minutes(&[
                    "render",
                    "2025-02-18",
                    "-t",
                    kind,
                    "-f",
                    format,
                    "--lang",
                    "it",
                ])
                .ok()
                .stderr_has("2025-02-18 has no Italian translation");
            assert!(
                run.stdout
                    .contains("Di questa riunione non esiste ancora una traduzione italiana"),
                "{kind} {format}:\n{}",
                run.stdout
            );
            for italian in [
                "Teleconferenza",
                "Verbale",
                "Ordine del giorno",
                "si è aperta",
            ] {
                assert!(
                    !run.stdout.contains(italian),
                    "{italian} in {kind} {format}"
                );
            }
        }
    }
    // `-q` silences the warning, never the notice on the page.
    let quiet = archive
        .minutes(&["-q", "render", "2025-02-18", "--lang", "it"])
        .ok();
    assert!(quiet.stderr.is_empty(), "{}", quiet.stderr);
    assert!(quiet.stdout.contains("traduzione italiana"));
}

#[test]
fn a_translation_that_leaves_an_item_out_shows_it_as_written_and_says_so() {
    let archive = Archive::sample();
    let de = archive.read("meetings/2025/2025-01-28.de.toml");
    archive.write(
        "meetings/2025/2025-01-28.de.toml",
        &de[..de.find("[items.congo]").unwrap()],
    );
    let run = archive
        .minutes(&["render", "2025-01-28", "--lang", "de", "-f", "html"])
        .ok()
        .stderr_has("warning: the German translation of 2025-01-28 (meetings/2025/2025-01-28.de.toml) leaves out \"congo\": shown in English");
    let html = run.stdout;
    assert!(html.contains("<html lang=\"de\">"), "{html}");
    assert!(
        html.contains(
            "<p class=\"notice\" lang=\"de\">Einige Einträge sind noch nicht ins Deutsche übersetzt"
        ),
        "{html}"
    );
    // The item is named by its title, marked, and its notes too: no German
    // sentence embeds an English lead.
    assert!(
        html.contains("Der letzte Punkt war „<span lang=\"en\">The situation in Congo</span>“."),
        "{html}"
    );
    assert!(
        html.contains("<div class=\"notes\" lang=\"en\">\n<p>In North Kivu"),
        "{html}"
    );
    assert!(!html.contains("ging es um the situation"), "{html}");
}

#[test]
fn the_series_status_and_tags_have_names_in_each_language() {
    let archive = Archive::sample();
    let de = render(&archive, &["2025-01-28", "-t", "minutes", "--lang", "de"]);
    assert!(
        de.starts_with("# Telefonkonferenz am Dienstag — Protokoll vom 28. Januar 2025\n"),
        "{de}"
    );
    assert!(de.contains("- **Status:** veröffentlicht"), "{de}");
    assert!(de.contains("- **Protokollführung:** Marco Bellini"), "{de}");
    let it = render(&archive, &["2025-01-28", "-t", "minutes", "--lang", "it"]);
    assert!(it.contains("- **Stato:** pubblicato"), "{it}");
    let ai = render(&archive, &["-t", "dossier", "--tag", "ai"]);
    assert!(ai.starts_with("# AI in our calls, 2025\n"), "{ai}");
    let ki = render(&archive, &["-t", "dossier", "--tag", "ai", "--lang", "de"]);
    assert!(ki.starts_with("# KI in unseren Gesprächen, 2025\n"), "{ki}");
    let it = render(
        &archive,
        &[
            "-t",
            "dossier",
            "--tag",
            "data-centres",
            "--lang",
            "it",
            "-f",
            "txt",
        ],
    );
    assert!(
        it.starts_with("I data center nei nostri incontri, 2025\n"),
        "{it}"
    );
}

// ---- dates -------------------------------------------------------------

const PUBLISHED: &[&str] = &["Published on", "Veröffentlicht am", "Pubblicato il"];

#[test]
fn only_a_published_meeting_says_it_was_published() {
    let archive = Archive::sample();
    for meeting in sample_meetings() {
        let text = std::fs::read_to_string(project().join(format!("meetings/2025/{meeting}.toml")))
            .unwrap();
        let published = text.contains("status = \"published\"");
        for lang in LANGS {
            for format in FORMATS {
                let out = render(&archive, &[&meeting, "-f", format, "--lang", lang]);
                let says = PUBLISHED.iter().any(|p| out.contains(p));
                assert_eq!(says, published, "{meeting} {lang} {format}:\n{out}");
                let draft = [
                    "Draft: not published",
                    "Entwurf: nicht veröffentlicht",
                    "Bozza: non pubblicata",
                ]
                .iter()
                .any(|d| out.contains(d));
                let held = !text.contains("status = \"agenda\"");
                assert_eq!(
                    draft,
                    held && !published,
                    "{meeting} {lang} {format}:\n{out}"
                );
                if format == &"html" && !published {
                    for dated in ["<time", "published_time", "rel=\"canonical\""] {
                        assert!(!out.contains(dated), "{dated} in {meeting} {lang}:\n{out}");
                    }
                    assert!(out.contains("<meta name=\"robots\" content=\"noindex, nofollow\">"));
                }
            }
        }
    }
}

#[test]
fn a_published_article_is_complete() {
    let archive = Archive::sample();
    let html = render(&archive, &["2025-01-28", "-f", "html", "--lang", "de"]);
    for part in [
        "<meta name=\"description\" content=\"In der Telefonkonferenz am Dienstag ging es zunächst um die Vorstellung von DeepSeek-R1",
        "<meta property=\"og:title\" content=\"Der Fall DeepSeek\">",
        "<meta property=\"og:description\" content=\"In der Telefonkonferenz am Dienstag",
        "<meta property=\"og:locale\" content=\"de_DE\">",
        // Where the site puts the German article (`[publication] permalink`).
        "<link rel=\"canonical\" href=\"https:&#x2f;&#x2f;example.org&#x2f;minutes&#x2f;de&#x2f;2025&#x2f;2025-01-28&#x2f;\">",
        "<meta property=\"article:published_time\" content=\"2025-01-28\">",
        "<p class=\"byline\">Studiengruppe am Dienstag · <time datetime=\"2025-01-28\">Dienstag, 28. Januar 2025</time></p>",
        "<h2>Quellen</h2>",
        "<li><cite>The Cathedral and the Bazaar</cite>, Eric S. Raymond, O&#x27;Reilly, 1999</li>",
        "Veröffentlicht am <time datetime=\"2025-01-28\">28. Januar 2025</time> auf Quinterna Lab",
        // The scribe's list stays a list.
        "<ul>\n<li>In <em>The Cathedral and the Bazaar</em>",
    ] {
        assert!(html.contains(part), "lacks {part:?}\n{html}");
    }
    // An author without a name in the page's language is marked as written.
    let config = archive.read("minutes.toml");
    let cut: String = config
        .lines()
        .filter(|l| !l.starts_with("authors"))
        .map(|l| format!("{l}\n"))
        .collect();
    archive.write("minutes.toml", &cut);
    let html = render(&archive, &["2025-01-28", "-f", "html", "--lang", "de"]);
    assert!(
        html.contains("<p class=\"byline\"><span lang=\"en\">Tuesday study group</span> · "),
        "{html}"
    );
    archive.write("minutes.toml", &config);
    // The publication date where it differs from the call's.
    let md = render(&archive, &["2025-01-14", "--lang", "it"]);
    assert!(
        md.contains("*Gruppo di studio del martedì · Martedì 14 gennaio 2025*"),
        "{md}"
    );
    assert!(
        md.contains(
            "*Pubblicato il 16 gennaio 2025 su Quinterna Lab, tradotto in italiano da Anna Rossi.*"
        ),
        "{md}"
    );
    assert!(
        md.contains("## Fonti\n\n- [*Framework for Artificial Intelligence Diffusion*]("),
        "{md}"
    );
    assert!(
        md.contains("1. diciotto stretti alleati"),
        "the numbered list stays:\n{md}"
    );
}

#[test]
fn a_draft_says_it_is_one() {
    let archive = Archive::sample();
    let md = render(&archive, &["2025-03-04"]);
    assert!(md.contains("\n**Draft: not published**\n"), "{md}");
    assert!(
        md.contains("*Draft of the minutes of the call of 4 March 2025, not yet published.*"),
        "{md}"
    );
    // The item the call did not reach is not in the article.
    assert!(!md.contains("grid requests"), "{md}");
    let agenda = render(&archive, &["2025-03-11", "-f", "txt"]);
    assert!(
        agenda.contains("The call of Tuesday, 11 March 2025 has not taken place yet."),
        "{agenda}"
    );
}

// ---- grammar in every order ----------------------------------------------

/// Every order of `n` things.
fn orders(n: usize) -> Vec<Vec<usize>> {
    if n == 0 {
        return vec![Vec::new()];
    }
    let mut out = Vec::new();
    for order in orders(n - 1) {
        for at in 0..=order.len() {
            let mut next = order.clone();
            next.insert(at, n - 1);
            out.push(next);
        }
    }
    out
}

/// The meeting file `text` with its items in `order`: each `[[items]]`
/// block, with its sources and actions, moved whole.
fn reordered(text: &str, order: &[usize]) -> String {
    let starts: Vec<usize> = text
        .match_indices("\n[[items]]\n")
        .map(|(i, _)| i + 1)
        .collect();
    let last = *starts.last().unwrap();
    let end = ["\n[[updates]]", "\n[publication]"]
        .iter()
        .filter_map(|m| text[last..].find(m).map(|i| last + i + 1))
        .min()
        .unwrap_or(text.len());
    let block = |n: usize| &text[starts[n]..starts.get(n + 1).copied().unwrap_or(end)];
    let mut out = text[..starts[0]].to_string();
    for &n in order {
        out.push_str(block(n).trim_end());
        out.push_str("\n\n");
    }
    out + &text[end..]
}

/// The leads of a meeting or of its translation, by item id.
fn leads(file: &str) -> BTreeMap<String, String> {
    let table: toml::Table = std::fs::read_to_string(project().join(file))
        .unwrap()
        .parse()
        .unwrap();
    let mut out = BTreeMap::new();
    match table.get("items") {
        Some(toml::Value::Array(items)) => {
            for item in items {
                if let (Some(id), Some(lead)) = (item.get("id"), item.get("lead")) {
                    out.insert(id.as_str().unwrap().into(), lead.as_str().unwrap().into());
                }
            }
        }
        Some(toml::Value::Table(items)) => {
            for (id, item) in items {
                if let Some(lead) = item.get("lead") {
                    out.insert(id.clone(), lead.as_str().unwrap().into());
                }
            }
        }
        _ => {}
    }
    out
}

/// The sentence of the article `out` that embeds `lead`.
fn sentence_of<'a>(out: &'a str, lead: &str) -> &'a str {
    out.split("\n\n")
        .find(|p| p.contains(lead))
        .unwrap_or_else(|| panic!("no sentence holds {lead:?}:\n{out}"))
}

/// What may stand right before a lead in each language: the frames take
/// a noun phrase in English, the accusative in German, an object or
/// "con" in Italian.
fn fits(lang: &str, before: &str) -> bool {
    let allowed: &[&str] = match lang {
        "en" => &[
            "began with ",
            "moved on to ",
            "discussed ",
            "shifted to ",
            "turned to ",
        ],
        "de" => &[" um ", " über ", " auf "],
        _ => &[
            " con ",
            " affrontato ",
            " esaminato ",
            " toccato ",
            " discusso ",
        ],
    };
    allowed.iter().any(|a| before.ends_with(a))
}

#[test]
fn the_frames_read_right_with_the_items_in_every_order() {
    let archive = Archive::sample();
    let mut said = String::new();
    for meeting in ["2025-01-28", "2025-02-04"] {
        let file = format!("meetings/2025/{meeting}.toml");
        let text = std::fs::read_to_string(project().join(&file)).unwrap();
        let count = text.matches("[[items]]").count();
        for order in orders(count) {
            archive.write(&file, &reordered(&text, &order));
            for lang in LANGS {
                let leads = match *lang {
                    "en" => leads(&file),
                    _ => leads(&format!("meetings/2025/{meeting}.{lang}.toml")),
                };
                let ids: Vec<String> = {
                    let doc: toml::Table = archive.read(&file).parse().unwrap();
                    doc["items"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|i| i["id"].as_str().unwrap().to_string())
                        .collect()
                };
                let out = render(&archive, &[meeting, "--lang", lang]);
                said.push_str(&format!("{meeting} {lang} {}:\n", ids.join(", ")));
                for (n, id) in ids.iter().enumerate() {
                    let lead = &leads[id];
                    let sentence = sentence_of(&out, lead);
                    let before = &sentence[..sentence.find(lead.as_str()).unwrap()];
                    assert!(fits(lang, before), "{lang}: {sentence:?}");
                    assert_eq!(&sentence[before.len() + lead.len()..], ".", "{sentence:?}");
                    if n == 0 {
                        let opening = [
                            "The Tuesday teleconference",
                            "In der Telefonkonferenz am Dienstag",
                            "La teleconferenza di martedì",
                        ];
                        assert!(
                            opening.iter().any(|o| sentence.starts_with(o)),
                            "{sentence:?}"
                        );
                    }
                    said.push_str(&format!("  {sentence}\n"));
                }
            }
        }
        archive.write(&file, &text);
    }
    // Nothing dangles, nothing is a listing of a programme.
    for wrong in [
        "To close the call",
        "was discussed",
        "began with “",
        "wurde",
        " mit die ",
        "begann mit",
    ] {
        assert!(!said.contains(wrong), "{wrong} in:\n{said}");
    }
    insta::assert_snapshot!("every_order", said);
}

#[test]
fn the_middle_sentences_vary() {
    let archive = Archive::sample();
    let file = "meetings/2025/2025-01-21.toml";
    let text = archive.read(file);
    // Two more items after the three of the call: three in the middle.
    let more = ["one", "two"]
        .map(|n| format!("\n[[items]]\nid = \"extra-{n}\"\ntitle = \"Extra {n}\"\nlead = \"the extra item {n}\"\nnotes = \"More.\"\n"))
        .join("");
    let (head, tail) = text.split_at(text.find("[[updates]]").unwrap());
    archive.write(file, &format!("{head}{more}\n{tail}"));
    let out = render(&archive, &["2025-01-21", "-f", "txt"]);
    let middles: Vec<&str> = [
        "the strange week",
        "the advance of the M23",
        "the extra item one",
    ]
    .iter()
    .map(|lead| {
        let sentence = sentence_of(&out, lead);
        &sentence[..sentence.find(lead).unwrap()]
    })
    .collect();
    assert_eq!(
        middles,
        [
            "The call then moved on to ",
            "Next, the group discussed ",
            "After that, attention shifted to "
        ],
        "{out}"
    );
    assert!(
        out.contains("Finally, the group turned to the extra item two."),
        "{out}"
    );
}

#[test]
fn an_item_without_a_lead_is_named_by_its_title() {
    let archive = Archive::new();
    archive.write(
        "meetings/2025/2025-01-28.toml",
        &crate::support::MEETING.replace("notes = \"M23 took Goma.\"", "notes = \"M23 took Goma.\"\n\n[[items]]\nid = \"news\"\ntitle = \"News of the week\"\nnotes = \"- One.\\n- Two.\""),
    );
    let out = render(&archive, &["2025-01-28"]);
    assert!(
        out.contains("The first item of the Tuesday teleconference was “The situation in Congo”."),
        "{out}"
    );
    assert!(
        out.contains("The last item was “News of the week”.\n\n- One.\n- Two."),
        "{out}"
    );
}

// ---- Italian and German ------------------------------------------------

#[test]
fn italian_dates_elide_and_start_lines_with_a_capital() {
    let archive = Archive::sample();
    let minutes = render(&archive, &["2025-02-11", "-t", "minutes", "--lang", "it"]);
    // No translation of this call: the page is in English, the notice in
    // Italian. The Italian frame shows on the translated ones.
    assert!(minutes.contains("traduzione italiana"));
    archive.write(
        "meetings/2025/2025-02-11.it.toml",
        "schema = 1\ntitle = \"Il vertice di Parigi\"\n",
    );
    let minutes = render(&archive, &["2025-02-11", "-t", "minutes", "--lang", "it"]);
    assert!(
        minutes.starts_with("# Teleconferenza del martedì — Verbale dell'11 febbraio 2025\n"),
        "{minutes}"
    );
    let agenda = render(&archive, &["2025-02-11", "-t", "agenda", "--lang", "it"]);
    assert!(
        agenda.starts_with("# Ordine del giorno: Teleconferenza del martedì, 11 febbraio 2025\n"),
        "{agenda}"
    );
    assert!(
        agenda.contains("\nMartedì 11 febbraio 2025, ore 21:00–23:00 (CET)\n"),
        "{agenda}"
    );
}

// ---- agendas, minutes, cancelled calls, sections -----------------------

#[test]
fn a_past_agenda_lists_the_actions_open_then_and_the_minutes_what_became_of_them() {
    let archive = Archive::sample();
    let agenda = render(&archive, &["2025-02-04", "-t", "agenda"]);
    assert!(
        agenda.starts_with("# Agenda: Tuesday teleconference, 4 February 2025\n"),
        "{agenda}"
    );
    assert!(
        agenda.contains("## Actions to review\n\n- **2025-01-07#a1** Gather figures"),
        "{agenda}"
    );
    assert!(
        agenda.contains("- **2025-01-28#a1** Collect the benchmark claims"),
        "{agenda}"
    );
    // What the call made of them is for the minutes, not the agenda.
    assert!(!agenda.contains("Benchmark table presented"), "{agenda}");
    let minutes = render(&archive, &["2025-02-04", "-t", "minutes"]);
    assert!(
        minutes.contains("### Earlier actions\n\n- **2025-01-07#a1** Gather figures on the electricity used by data centres in Italy and in the EU. *(done)* — Italian figures added"),
        "{minutes}"
    );
    assert!(minutes.contains("- **2025-01-14#a2** Set up a shared bibliography of the sources cited in the minutes. *(dropped)*"), "{minutes}");
    // An action agreed under a private item stays out of a public render.
    let all = render(&archive, &["2025-03-04", "-t", "minutes"]);
    assert!(all.contains("quote for the renewal"), "{all}");
    let public = render(&archive, &["2025-03-04", "-t", "minutes", "--public"]);
    assert!(!public.contains("quote for the renewal"), "{public}");
    let html = render(&archive, &["2025-02-04", "-t", "minutes", "-f", "html"]);
    assert!(
        html.contains("<span class=\"badge status-dropped\">dropped</span>"),
        "{html}"
    );
    assert!(html.contains("<table class=\"actions\">"), "{html}");
    assert!(
        html.contains("<td class=\"due\" data-label=\"Due\">4 March 2025</td>"),
        "{html}"
    );
}

#[test]
fn a_cancelled_call_is_a_notice_in_the_article_and_the_agenda() {
    let archive = Archive::new();
    archive.write(
        "meetings/2025/2025-01-28.toml",
        "schema = 1\ndate = 2025-01-28\nstatus = \"cancelled\"\n\n[[items]]\ntitle = \"Planned\"\n",
    );
    for kind in ["article", "agenda"] {
        for lang in LANGS {
            let out = render(&archive, &["2025-01-28", "-t", kind, "--lang", lang]);
            let notice = ["was cancelled", "wurde abgesagt", "è stata annullata"];
            assert!(
                notice.iter().any(|n| out.contains(n)),
                "{kind} {lang}:\n{out}"
            );
            for absent in ["Planned", "Draft", "Entwurf", "Bozza", "Published"] {
                assert!(!out.contains(absent), "{absent} in {kind} {lang}:\n{out}");
            }
        }
    }
}

#[test]
fn items_under_sections_keep_their_headings_in_the_article_and_the_agenda() {
    let archive = Archive::new();
    archive.write(
        "meetings/2025/2025-01-28.toml",
        r#"schema = 1
date = 2025-01-28
status = "final"

[[items]]
id = "congo"
title = "The situation in Congo"
lead = "the situation in Congo"
section = "World"
notes = "M23 took Goma."

[[items]]
id = "goma"
title = "Goma after the fall"
parent = "congo"
lead = "Goma after the fall"
notes = "Aid is blocked."

[[items]]
id = "chips"
title = "Chips"
lead = "the export of chips"
section = "Technology"
timebox = 20
notes = "New rules."
"#,
    );
    let article = render(&archive, &["2025-01-28"]);
    assert!(
        article
            .contains("## World\n\nThe Tuesday teleconference began with the situation in Congo."),
        "{article}"
    );
    assert!(
        article.contains("The call then moved on to Goma after the fall."),
        "{article}"
    );
    assert!(
        article.contains("## Technology\n\nFinally, the group turned to the export of chips."),
        "{article}"
    );
    let agenda = render(&archive, &["2025-01-28", "-t", "agenda"]);
    assert!(
        agenda.contains("## World\n\n1. The situation in Congo\n   - 1.1 Goma after the fall\n\n## Technology\n\n2. Chips (20\u{a0}min)"),
        "{agenda}"
    );
}

// ---- check ---------------------------------------------------------------

#[test]
fn check_names_published_meetings_without_their_translations() {
    let archive = Archive::sample();
    archive.minutes(&["check"]).ok().stderr_has("no problems");
    std::fs::remove_file(archive.path("meetings/2025/2025-01-07.it.toml")).unwrap();
    archive
        .minutes(&["check"])
        .ok()
        .stderr_has("warning: 2025-01-07 is published, but has no Italian translation (meetings/2025/2025-01-07.it.toml is missing)")
        .stderr_has("meetings/2025/2025-01-07.toml:3:10")
        .stderr_has("or take \"it\" out of [publication] languages in minutes.toml");
    // A translation that leaves a public item out is named too.
    let de = archive.read("meetings/2025/2025-01-21.de.toml");
    let cut = &de[..de.find("[items.kivu-front]").unwrap()];
    archive.write("meetings/2025/2025-01-21.de.toml", cut);
    archive.minutes(&["check"]).ok().stderr_has(
        "the German translation of the published meeting 2025-01-21 leaves out item \"kivu-front\"",
    );
}

#[test]
fn check_warns_of_a_lead_that_does_not_fit_the_frames() {
    let archive = Archive::sample();
    let de = archive.read("meetings/2025/2025-01-28.de.toml");
    archive.write(
        "meetings/2025/2025-01-28.de.toml",
        &de.replace(
            "lead = \"die Lage im Kongo\"",
            "lead = \"der Lage im Kongo\"",
        ),
    );
    let en = archive.read("meetings/2025/2025-01-28.toml");
    archive.write(
        "meetings/2025/2025-01-28.toml",
        &en.replace(
            "lead = \"the situation in Congo\"",
            "lead = \"The situation in Congo.\"",
        ),
    );
    archive
        .minutes(&["check"])
        .ok()
        .stderr_has(
            "warning: the lead starts with \"der\", which does not fit the article's frames",
        )
        .stderr_has("the German frames take the lead in the accusative")
        .stderr_has("warning: the lead ends with a punctuation mark")
        .stderr_has("meetings/2025/2025-01-28.toml:131:8");
}

// ---- print and phone ---------------------------------------------------

/// The relative luminance of `#rrggbb`.
fn luminance(hex: &str) -> f64 {
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

#[test]
fn badges_and_markers_are_readable() {
    let css = std::fs::read_to_string(project().join("templates/_style.css")).unwrap();
    let mut checked = 0;
    for rule in css.split('}') {
        let rule = rule.rsplit('{').next().unwrap_or(rule);
        let colour = |name: &str| {
            rule.split(';')
                .find_map(|d| {
                    d.trim()
                        .strip_prefix(name)
                        .map(|v| v.trim_start_matches(':').trim().to_string())
                })
                .filter(|v| v.starts_with('#') && (v.len() == 4 || v.len() == 7))
                .map(|v| match v.len() {
                    // #abc is #aabbcc.
                    4 => v.chars().skip(1).fold("#".to_string(), |mut out, c| {
                        out.push(c);
                        out.push(c);
                        out
                    }),
                    _ => v,
                })
        };
        let (Some(fg), Some(bg)) = (colour("color"), colour("background")) else {
            continue;
        };
        let (a, b) = (luminance(&fg), luminance(&bg));
        let ratio = (a.max(b) + 0.05) / (a.min(b) + 0.05);
        assert!(ratio >= 4.5, "{fg} on {bg} is {ratio:.2}:1 in {rule}");
        checked += 1;
    }
    assert!(checked >= 5, "the badges were not found in the stylesheet");
}

#[test]
fn pages_print_on_a4_unless_the_archive_says_letter() {
    let archive = Archive::sample();
    let html = render(&archive, &["2025-01-28", "-f", "html"]);
    assert!(html.contains("@page { size: A4;"), "{html}");
    assert!(
        html.contains("a[href^=\"http\"]::after"),
        "link addresses on paper"
    );
    assert!(
        !html.contains("break-inside: avoid-page"),
        "a long section would leave page 1 empty"
    );
    let config = archive.read("minutes.toml");
    archive.write(
        "minutes.toml",
        &config.replace("# paper = \"letter\"", "paper = \"letter\""),
    );
    let letter = render(&archive, &["-t", "dossier", "--tag", "congo", "-f", "html"]);
    assert!(letter.contains("@page { size: letter;"), "{letter}");
}
