//! English short names of the region codes the importers meet (ISO 3166-1 alpha-3, plus
//! truce's `EU27` and `ROW`), for readable manifests.

const NAMES: &[(&str, &str)] = &[
    ("ARG", "Argentina"),
    ("AUS", "Australia"),
    ("AUT", "Austria"),
    ("BEL", "Belgium"),
    ("BGR", "Bulgaria"),
    ("BRA", "Brazil"),
    ("CAN", "Canada"),
    ("CHE", "Switzerland"),
    ("CHL", "Chile"),
    ("CHN", "China"),
    ("CYP", "Cyprus"),
    ("CZE", "Czechia"),
    ("DEU", "Germany"),
    ("DNK", "Denmark"),
    ("ESP", "Spain"),
    ("EST", "Estonia"),
    ("EU27", "European Union"),
    ("FIN", "Finland"),
    ("FRA", "France"),
    ("GBR", "United Kingdom"),
    ("GRC", "Greece"),
    ("HRV", "Croatia"),
    ("HUN", "Hungary"),
    ("IDN", "Indonesia"),
    ("IND", "India"),
    ("IRL", "Ireland"),
    ("ITA", "Italy"),
    ("JPN", "Japan"),
    ("KOR", "Korea, Republic of"),
    ("LTU", "Lithuania"),
    ("LUX", "Luxembourg"),
    ("LVA", "Latvia"),
    ("MEX", "Mexico"),
    ("MLT", "Malta"),
    ("NLD", "Netherlands"),
    ("NOR", "Norway"),
    ("NZL", "New Zealand"),
    ("POL", "Poland"),
    ("PRT", "Portugal"),
    ("ROU", "Romania"),
    ("ROW", "Rest of the world"),
    ("RUS", "Russian Federation"),
    ("SVK", "Slovakia"),
    ("SVN", "Slovenia"),
    ("SWE", "Sweden"),
    ("TUR", "Türkiye"),
    ("TWN", "Taiwan"),
    ("USA", "United States"),
    ("VNM", "Viet Nam"),
    ("ZAF", "South Africa"),
];

/// The English short name of a truce region code, if known.
///
/// # Example
/// ```
/// assert_eq!(truce_data::import::region_name("ROU"), Some("Romania"));
/// assert_eq!(truce_data::import::region_name("XXX"), None);
/// ```
pub fn region_name(code: &str) -> Option<&'static str> {
    NAMES.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}
