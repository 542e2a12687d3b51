//! Four meetings written in the richer format, each imitating the structure
//! of a real group's minutes (a runtime's steering committee, a language
//! council, a community group of browser makers, a foundation's projects
//! council: see tests/fixtures/). Each must pass `check` and render into
//! formal minutes that hold every part of it, in every format.

use crate::render::{assert_inert, assert_nu_valid, nu_checker};
use crate::support::Archive;

/// A fixture, its meeting, and what its minutes must show: the texts that
/// stand for each part of the richer format.
struct Group {
    fixture: &'static str,
    meeting: &'static str,
    /// A heading of the roles, a member with their affiliation.
    role: (&'static str, &'static str),
    guest: &'static str,
    link: (&'static str, &'static str),
    preamble: &'static str,
    postscript: &'static str,
    section: &'static str,
    /// An item listed but not discussed.
    undiscussed: &'static str,
    scribes: &'static str,
    /// A reference as shown, and where it links.
    reference: (&'static str, &'static str),
    /// A decision's label and text.
    decision: (&'static str, &'static str),
    /// A sub-item, as its outline number and title.
    part: (&'static str, &'static str),
}

const GROUPS: &[Group] = &[
    Group {
        fixture: "runtime-steering",
        meeting: "2025-11-12",
        role: ("Voting member", "Ana Petrescu"),
        guest: "Sam Okoro (project council; the council's representative)",
        link: (
            "Recording",
            "https://video.example.org/watch/steering-2025-11-12",
        ),
        preamble: "labelled for the",
        postscript: "Strategic initiatives: no updates this week.",
        section: "runtime-js/core",
        undiscussed: "build, doc: the new API documentation tooling",
        scribes: "Joy Mensah, Lars Holm",
        reference: (
            "runtime-js/core#6161",
            "https://github.com/runtime-js/core/issues/6161",
        ),
        decision: ("Vote", "Settle the choice between the two APIs"),
        part: ("4.1", "Where the crypto bindings' source of truth lives"),
    },
    Group {
        fixture: "language-council",
        meeting: "2025-06-20",
        role: ("Members", "Ines Valdés (compiler team)"),
        guest: "Lea Hartmann (Kestrel Foundation; for the board seat item)",
        link: (
            "Agenda issue",
            "https://github.com/kestrel-lang/council/issues/230",
        ),
        preamble: "Check-in was held",
        postscript: "Call for clarifications",
        section: "Issues that need a council decision",
        undiscussed: "Charters for every team",
        scribes: "Tomás Ferreira, Petra Novak",
        reference: (
            "kestrel-lang/council#212",
            "https://github.com/kestrel-lang/council/issues/212",
        ),
        decision: (
            "Resolution",
            "Dario attends the July board meeting as substitute director.",
        ),
        part: ("3.1", "How much time a director gives"),
    },
    Group {
        fixture: "extensions-group",
        meeting: "2025-07-24",
        role: ("Members", "Hana Kobayashi (Tessera Bank)"),
        guest: "Pim de Vries (Pine Apps; extension author)",
        link: ("Chat", "https://chat.example.org/#/room/extensions-cg"),
        preamble: "The call starts three minutes after",
        postscript: "The next call is on Thursday 7 August",
        section: "Timely issues",
        undiscussed: "Check-in on existing issues",
        scribes: "Rosa Delgado, Owen Achebe",
        reference: (
            "browserext/community#961",
            "https://github.com/browserext/community/issues/961",
        ),
        decision: ("Consensus", "Both browsers present support the proposal."),
        part: ("3.1", "The smaller limit on replies from the host"),
    },
    Group {
        fixture: "projects-council",
        meeting: "2024-06-04",
        role: ("Alternates", "Priya Raman (Tern)"),
        guest: "Ruth Adeyemi (Wren; project applying for membership)",
        link: (
            "Meeting issue",
            "https://github.com/fdn-projects/council/issues/1412",
        ),
        preamble: "Announcements: none.",
        postscript: "Upcoming meetings are on the foundation's public calendar",
        section: "Board and staff updates",
        undiscussed: "Document how the conduct team is selected",
        scribes: "Felix Brandt, Priya Raman",
        reference: (
            "fdn-projects/council#1409",
            "https://github.com/fdn-projects/council/issues/1409",
        ),
        decision: (
            "Resolution",
            "The next working session works on the membership policy.",
        ),
        part: ("4.1", "Nominations made in private"),
    },
];

fn render(archive: &Archive, meeting: &str, format: &str) -> String {
    archive
        .minutes(&["render", meeting, "-t", "minutes", "-f", format])
        .ok()
        .stdout
}

#[test]
fn every_fixture_passes_check_without_a_word() {
    for group in GROUPS {
        let archive = Archive::fixture(group.fixture);
        archive
            .minutes(&["check"])
            .ok()
            .stderr_has("checked 2 files: no problems");
    }
}

#[test]
fn the_markdown_minutes_hold_every_part_of_each_group() {
    for g in GROUPS {
        let out = render(&Archive::fixture(g.fixture), g.meeting, "md");
        let expected = [
            format!("- **{}:** ", g.role.0),
            g.role.1.to_string(),
            g.guest.to_string(),
            format!("[{}]({})", g.link.0, g.link.1),
            g.preamble.to_string(),
            format!("---\n\n{}", g.postscript),
            format!("## {}\n", g.section),
            format!("{} *(not discussed)*", g.undiscussed),
            format!("- **Scribes:** {}", g.scribes),
            format!("[{}]({})", g.reference.0, g.reference.1),
            format!("- **{}:** {}", g.decision.0, g.decision.1),
            format!("   - {} [{}]", g.part.0, g.part.1),
            format!("#### {}. {}", g.part.0, g.part.1),
        ];
        for text in &expected {
            assert!(
                out.contains(text.as_str()),
                "{}: lacks {text:?}\n{out}",
                g.fixture
            );
        }
        // The preamble comes before the agenda, the postscript after the items.
        let agenda = out.find("## Agenda").unwrap();
        assert!(out.find(g.preamble).unwrap() < agenda, "{}", g.fixture);
        assert!(
            out.find(g.postscript).unwrap() > out.find(g.undiscussed).unwrap(),
            "{}",
            g.fixture
        );
    }
}

/// A value as an HTML page holds it: every value is escaped, down to
/// apostrophes and slashes.
fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
        .replace('/', "&#x2f;")
}

#[test]
fn the_html_minutes_hold_every_part_of_each_group() {
    for g in GROUPS {
        let out = render(&Archive::fixture(g.fixture), g.meeting, "html");
        // Names may be links to a person's page: read them as text.
        let text: String = out
            .split('<')
            .map(|part| part.split_once('>').map_or(part, |(_, after)| after))
            .collect();
        for plain in [g.role.1, g.guest] {
            assert!(
                text.contains(&esc(plain)),
                "{}: lacks {plain:?}\n{out}",
                g.fixture
            );
        }
        let expected = [
            format!("<dt>{}</dt>", esc(g.role.0)),
            format!("<a href=\"{}\">{}</a>", esc(g.link.1), esc(g.link.0)),
            // Markdown goes through its renderer and sanitizer instead.
            g.preamble.to_string(),
            format!("<hr>\n<div class=\"postscript\">\n<p>{}", g.postscript),
            format!("<h2 class=\"section\">{}</h2>", esc(g.section)),
            format!(
                "{} <span class=\"badge\">not discussed</span>",
                esc(g.undiscussed)
            ),
            format!("<dt>Scribes</dt><dd>{}</dd>", esc(g.scribes)),
            format!(
                "<a href=\"{}\">{}</a>",
                esc(g.reference.1),
                esc(g.reference.0)
            ),
            format!(
                "<li><strong>{}:</strong> {}",
                esc(g.decision.0),
                esc(g.decision.1)
            ),
            format!("<h4>{}. {}</h4>", esc(g.part.0), esc(g.part.1)),
        ];
        for text in &expected {
            assert!(
                out.contains(text.as_str()),
                "{}: lacks {text:?}\n{out}",
                g.fixture
            );
        }
        // The sub-item is nested in the agenda.
        assert!(
            out.contains("<ol>\n<li><a href=\"#"),
            "{}: no nested list",
            g.fixture
        );
        assert_inert(&out, g.fixture);
    }
}

#[test]
fn the_text_minutes_hold_every_part_of_each_group() {
    for g in GROUPS {
        let out = render(&Archive::fixture(g.fixture), g.meeting, "txt");
        let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
        let expected = [
            format!("{}: ", g.role.0),
            g.role.1.to_string(),
            g.guest.to_string(),
            format!("- {} <{}>", g.link.0, g.link.1),
            g.preamble.to_string(),
            g.postscript.to_string(),
            format!("{}:", g.section),
            format!("{} (not discussed)", g.undiscussed),
            format!("Scribes: {}", g.scribes),
            format!("References: {}", g.reference.0),
            format!("- {}: {}", g.decision.0, g.decision.1),
            format!("{}. {}", g.part.0, g.part.1),
        ];
        for text in &expected {
            assert!(
                flat.contains(text.as_str()),
                "{}: lacks {text:?}\n{out}",
                g.fixture
            );
        }
    }
}

#[test]
fn the_articles_of_the_groups_leave_out_undiscussed_items_links_and_people() {
    for g in GROUPS {
        let archive = Archive::fixture(g.fixture);
        for format in ["md", "html", "txt"] {
            let out = archive
                .minutes(&["render", g.meeting, "-t", "article", "-f", format])
                .ok()
                .stdout;
            for absent in [g.undiscussed, g.link.1, g.guest, g.role.1] {
                assert!(
                    !out.contains(absent),
                    "{} article ({format}) shows {absent:?}:\n{out}",
                    g.fixture
                );
            }
        }
    }
}

#[test]
fn the_html_minutes_of_the_groups_pass_the_nu_checker() {
    let Some(jar) = nu_checker("the_html_minutes_of_the_groups_pass_the_nu_checker") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for g in GROUPS {
        let out = render(&Archive::fixture(g.fixture), g.meeting, "html");
        let path = dir.path().join(format!("{}.html", g.fixture));
        std::fs::write(&path, out).unwrap();
        files.push(path);
    }
    assert_nu_valid(&jar, &files);
}
