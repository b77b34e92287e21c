//! Which rows of each output make its tidy table (`--format parquet`, docs/output-schema.md).
//!
//! A tidy table has one row per innermost record of a path of fields through the output, e.g.
//! `run`: one row per step × country. The renderer (`truce_report::tidy`) takes the columns
//! and their types from the output's JSON Schema ([`crate::schema`]), so a column's type does
//! not depend on the values of one run.

/// One level of the path to an output's tidy rows: a field of the record above (the output
/// itself at the first level) holding an array (one row per element) or a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TidyLevel {
    /// The field.
    pub field: &'static str,
    /// Put before the names of this level's columns that a deeper level also has (`run`:
    /// the step's `name` becomes `step_name` beside the country's `name`).
    pub prefix: &'static str,
}

/// The path to the tidy rows of the output written by `command` ([`crate::Output::COMMAND`]);
/// empty for a command without one.
pub fn tidy_rows(command: &str) -> &'static [TidyLevel] {
    match command {
        "run" => &[
            TidyLevel {
                field: "steps",
                prefix: "step_",
            },
            TidyLevel {
                field: "countries",
                prefix: "",
            },
        ],
        "timeline" => &[
            TidyLevel {
                field: "points",
                prefix: "point_",
            },
            TidyLevel {
                field: "countries",
                prefix: "",
            },
        ],
        "sweep" => &[TidyLevel {
            field: "bands",
            prefix: "",
        }],
        "war" => &[
            TidyLevel {
                field: "nash",
                prefix: "nash_",
            },
            TidyLevel {
                field: "countries",
                prefix: "",
            },
        ],
        "talks" => &[TidyLevel {
            field: "frontier",
            prefix: "",
        }],
        "war global" | "run us-tariff" => &[TidyLevel {
            field: "countries",
            prefix: "",
        }],
        "suite" => &[TidyLevel {
            field: "rows",
            prefix: "",
        }],
        "replicate cp2015"
        | "replicate ossa2014"
        | "replicate ge-gravity"
        | "replicate gegravity" => &[TidyLevel {
            field: "countries",
            prefix: "",
        }],
        "compare" => &[TidyLevel {
            field: "rows",
            prefix: "",
        }],
        "data inspect" => &[TidyLevel {
            field: "by_region",
            prefix: "",
        }],
        "data split-sector" => &[TidyLevel {
            field: "split_regions",
            prefix: "",
        }],
        // `data import` and `data aggregate` print the files written and the sources (lists
        // of names): no table of records.
        "data import folder" => &[TidyLevel {
            field: "datasets",
            prefix: "",
        }],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_output_has_tidy_rows_whose_fields_exist() {
        for (name, command, _, schema) in crate::all_schemas() {
            let path = tidy_rows(command);
            if matches!(command, "data import" | "data aggregate") {
                assert!(path.is_empty(), "{name}");
                continue;
            }
            assert!(!path.is_empty(), "{name}: no tidy rows");
            assert!(
                schema["properties"].get(path[0].field).is_some(),
                "{name}: no field {}",
                path[0].field
            );
        }
    }
}
