//! The audit log as CSV (the `csv` crate), safe to open in a spreadsheet:
//! every cell quoted, and a cell that a spreadsheet would run as a formula
//! (starting with `=`, `+`, `-`, `@`, tab or carriage return) is prefixed
//! with `'`.

use app::model::AuditEntryView;

const HEADER: [&str; 11] = [
    "id",
    "time",
    "user_id",
    "user_email",
    "user_name",
    "admin",
    "action",
    "success",
    "reason",
    "ip",
    "user_agent",
];

pub fn audit_csv(entries: impl Iterator<Item = AuditEntryView>) -> String {
    let mut writer = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing to memory fails only on a row of the wrong length, which the
    // fixed-size arrays rule out.
    let _ = writer.write_record(HEADER);
    for e in entries {
        let row: [String; HEADER.len()] = [
            e.id.to_string(),
            e.at,
            e.user_id.unwrap_or_default(),
            e.user_email.unwrap_or_default(),
            e.user_name.unwrap_or_default(),
            e.actor_email.unwrap_or_default(),
            e.action,
            e.success.to_string(),
            e.reason.unwrap_or_default(),
            e.ip.unwrap_or_default(),
            e.user_agent.unwrap_or_default(),
        ];
        let _ = writer.write_record(row.iter().map(|cell| neutral(cell).into_owned()));
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// A cell a spreadsheet would not run as a formula.
fn neutral(raw: &str) -> std::borrow::Cow<'_, str> {
    if raw.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{raw}").into()
    } else {
        raw.into()
    }
}

#[cfg(test)]
mod tests {
    use super::neutral;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(neutral("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        for start in ["+1", "-1", "@SUM(A1)", "\tx"] {
            assert!(neutral(start).starts_with('\''), "{start}");
        }
        assert_eq!(neutral("ada@example.com"), "ada@example.com");
    }
}
