//! The audit log as CSV, safe to open in a spreadsheet: every cell quoted,
//! and a cell that a spreadsheet would run as a formula (starting with `=`,
//! `+`, `-`, `@`, tab or carriage return) is prefixed with `'`.

use app::model::AuditEntryView;

const HEADER: [&str; 10] = [
    "id",
    "time",
    "user_id",
    "user_email",
    "admin",
    "action",
    "success",
    "reason",
    "ip",
    "user_agent",
];

pub fn audit_csv(entries: impl Iterator<Item = AuditEntryView>) -> String {
    let mut out = line(HEADER.iter().map(|h| h.to_string()));
    for e in entries {
        out.push_str(&line(
            [
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
            ]
            .into_iter(),
        ));
    }
    out
}

fn line(cells: impl Iterator<Item = String>) -> String {
    let mut line = cells
        .map(|cell| cell_text(&cell))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

fn cell_text(raw: &str) -> String {
    let neutral = if raw.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{raw}")
    } else {
        raw.to_string()
    };
    format!("\"{}\"", neutral.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::cell_text;

    #[test]
    fn formulas_are_neutralised_and_quotes_doubled() {
        assert_eq!(cell_text("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        for start in ["+1", "-1", "@SUM(A1)", "\tx"] {
            assert!(cell_text(start).starts_with("\"'"), "{start}");
        }
        assert_eq!(cell_text("ada@example.com"), "\"ada@example.com\"");
    }
}
