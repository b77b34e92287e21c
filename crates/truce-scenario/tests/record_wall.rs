//! The 2025 tariff wall (record `tariff-wall`): it loads, every row is cited and tagged, it
//! reaches every US partner, and bad rows are rejected with their line and field (issue 10).

use truce_scenario::record::{load_record, measures_of, RECORD_REGIONS};
use truce_scenario::{Date, ErrorKind, Targets};

const HEAD: &str = "dataset = \"world2024\"\n";

fn load(text: &str) -> Result<usize, truce_scenario::ScenarioError> {
    load_record(&[(text, "wall.toml")]).map(|v| v.len())
}

#[test]
fn the_wall_is_cited_tagged_and_reaches_every_partner() {
    let us_china = measures_of("us-china");
    let wall = measures_of("tariff-wall");
    assert!(wall.len() > us_china.len() + 40, "{} measures", wall.len());
    let jan20 = Date {
        year: 2025,
        month: 1,
        day: 20,
    };
    for m in wall {
        assert!(
            m.source.as_deref().is_some_and(|s| s.len() > 10),
            "{}",
            m.id
        );
        assert!(
            matches!(m.confidence.as_deref(), Some("high" | "medium" | "low")),
            "{} has no confidence tag",
            m.id
        );
        // The wall adds nothing before world2024's baseline date, so the baseline is unchanged.
        if !us_china.iter().any(|u| u.id == m.id) {
            assert!(m.date.unwrap() > jan20, "{} predates the baseline", m.id);
        }
    }
    // Every partner of the US faces a 2025 US measure of its own (or one for every partner).
    for p in RECORD_REGIONS.iter().filter(|r| **r != "USA") {
        let hit = wall.iter().any(|m| {
            m.imposing.value == "USA"
                && m.date.unwrap().year == 2025
                && match &m.targets {
                    Targets::All => false,
                    Targets::List(l) => l.iter().any(|t| t.value == *p),
                }
        });
        assert!(hit, "no 2025 US measure names {p}");
    }
    // Canada's retaliation is in, and removed on 1 September 2025 except metals and vehicles.
    let ca: Vec<_> = wall.iter().filter(|m| m.imposing.value == "CAN").collect();
    assert!(ca.len() >= 3);
    assert!(ca
        .iter()
        .any(|m| m.until.map(|d| d.to_string()) == Some("2025-09-01".into())));
    assert!(ca.iter().any(|m| m.until.is_none()));
}

#[test]
fn an_unknown_partner_is_rejected_with_its_line() {
    let text = format!(
        "{HEAD}[[measure]]\nid = \"x\"\nsource = \"EO 1\"\nconfidence = \"high\"\ndate = 2025-04-05\nimposing = \"USA\"\ntarget = \"VNN\"\ninstrument = \"tariff\"\nrate_pct = 10\n"
    );
    let e = load(&text).unwrap_err();
    assert_eq!(e.kind, ErrorKind::UnknownCountry);
    assert_eq!(e.line, Some(8));
    assert!(
        e.message.contains("VNN") && e.message.contains("VNM"),
        "{e}"
    );
}

#[test]
fn an_unknown_sector_is_rejected_with_its_line() {
    let text = format!(
        "{HEAD}[[measure]]\nid = \"x\"\nsource = \"EO 1\"\nconfidence = \"high\"\ndate = 2025-04-05\nimposing = \"USA\"\ntarget = \"VNM\"\ninstrument = \"tariff\"\nsectors = [\"ELECTRONIC\"]\nrate_pct = 10\n"
    );
    let e = load(&text).unwrap_err();
    assert_eq!(e.kind, ErrorKind::UnknownSector);
    assert_eq!(e.line, Some(10));
    assert!(e.message.contains("ELECTRONICS"), "{e}");
}

#[test]
fn a_rate_that_is_not_a_number_is_rejected_with_its_line() {
    let text = format!(
        "{HEAD}[[measure]]\nid = \"x\"\nsource = \"EO 1\"\nconfidence = \"high\"\ndate = 2025-04-05\nimposing = \"USA\"\ntarget = \"VNM\"\ninstrument = \"tariff\"\nrate_pct = \"twenty\"\n"
    );
    let e = load(&text).unwrap_err();
    assert_eq!(e.kind, ErrorKind::BadValue);
    assert_eq!(e.line, Some(10));
    assert!(
        e.message.contains("f64") || e.message.contains("number"),
        "{e}"
    );
}

#[test]
fn overlapping_measures_with_the_same_legal_basis_on_the_same_date_are_rejected() {
    let m = |id: &str, target: &str, rate: f64| {
        format!(
            "[[measure]]\nid = \"{id}\"\nsource = \"EO 14326\"\nconfidence = \"high\"\ndate = 2025-08-07\nimposing = \"USA\"\ntarget = {target}\ninstrument = \"tariff\"\nlayer = \"IEEPA reciprocal (US)\"\nrate_pct = {rate}\n"
        )
    };
    let text = format!(
        "{HEAD}{}{}",
        m("a", "[\"VNM\", \"TWN\"]", 20.0),
        m("b", "\"VNM\"", 46.0)
    );
    let e = load(&text).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Conflict);
    assert_eq!(e.line, Some(12), "{e}");
    assert!(
        e.message.contains("`a`") && e.message.contains("VNM"),
        "{e}"
    );
    // Disjoint partners, or a country rate refining an every-partner measure, are fine.
    let ok = format!(
        "{HEAD}{}{}",
        m("a", "\"TWN\"", 20.0),
        m("b", "\"VNM\"", 20.0)
    );
    assert_eq!(load(&ok).unwrap(), 2);
    let refine = format!(
        "{HEAD}{}{}",
        m("a", "\"ALL\"", 10.0),
        m("b", "\"VNM\"", 20.0)
    );
    assert_eq!(load(&refine).unwrap(), 2);
    // Two every-partner measures on one day are not.
    let twice = format!(
        "{HEAD}{}{}",
        m("a", "\"ALL\"", 10.0),
        m("b", "\"ALL\"", 20.0)
    );
    assert_eq!(load(&twice).unwrap_err().kind, ErrorKind::Conflict);
}

#[test]
fn a_row_without_source_or_confidence_is_rejected() {
    let no_conf = format!(
        "{HEAD}[[measure]]\nid = \"x\"\nsource = \"EO 14257\"\ndate = 2025-04-05\nimposing = \"USA\"\ntarget = \"VNM\"\ninstrument = \"tariff\"\nrate_pct = 10\n"
    );
    let e = load(&no_conf).unwrap_err();
    assert_eq!(e.kind, ErrorKind::MissingKey);
    assert!(e.message.contains("confidence"), "{e}");
    assert_eq!(e.line, Some(2));
    let no_src = format!(
        "{HEAD}[[measure]]\nid = \"x\"\nconfidence = \"low\"\ndate = 2025-04-05\nimposing = \"USA\"\ntarget = \"VNM\"\ninstrument = \"tariff\"\nrate_pct = 10\n"
    );
    assert!(load(&no_src).unwrap_err().message.contains("source"));
    let bad_tag = format!(
        "{HEAD}[[measure]]\nid = \"x\"\nsource = \"EO 14257\"\nconfidence = \"sure\"\ndate = 2025-04-05\nimposing = \"USA\"\ntarget = \"VNM\"\ninstrument = \"tariff\"\nrate_pct = 10\n"
    );
    let e = load(&bad_tag).unwrap_err();
    assert_eq!(e.kind, ErrorKind::BadValue);
    assert_eq!(e.line, Some(5));
}

#[test]
fn an_unknown_value_group_is_named_with_a_suggestion() {
    let text = format!(
        "{HEAD}[[measure]]\nid = \"x\"\nimposing = \"USA\"\ntarget = \"VNM\"\ninstrument = \"tariff\"\nrate_pct = 10\nexclude_groups = [\"anex-ii\"]\n"
    );
    let s = truce_scenario::Scenario::from_toml_str(&text, "s.toml", "s").unwrap();
    let b = truce_scenario::testing::synthetic_world2024();
    let e = truce_scenario::compile(
        &s,
        &truce_scenario::DatasetInfo {
            baseline: &b,
            flow_unit_usd_bn: Some(1.0),
            baseline_date: None,
        },
    )
    .unwrap_err();
    assert_eq!(e.kind, ErrorKind::UnknownRecordItem);
    assert!(e.message.contains("annex-ii"), "{e}");
    assert_eq!(e.line, Some(8));
}
