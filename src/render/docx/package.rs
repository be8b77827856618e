//! Packaging: our own core and custom properties (docx-rs writes "unknown" as creator,
//! has no title setter, and orders custom properties by hash), a table-header patch,
//! and a reproducible ZIP: fixed file order and fixed timestamps.

use std::io::{Cursor, Write};

use docx_rs::XMLDocx;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::DocxError;
use super::body::HEADER_ROW_MARK;
use super::text::clean;
use crate::doc::Metadata;

/// A fixed point in time for every timestamp in the package.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub year: u16,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
}

/// Used when neither the answers nor SOURCE_DATE_EPOCH give a date.
pub const FALLBACK: Stamp = Stamp { year: 2026, month: 1, day: 1, hour: 0, minute: 0, second: 0 };

impl Stamp {
    /// `meta.iso_date` when it parses, else `SOURCE_DATE_EPOCH`, else [`FALLBACK`].
    pub fn for_document(meta: &Metadata) -> Stamp {
        meta.iso_date
            .as_deref()
            .and_then(Stamp::parse_iso_date)
            .or_else(|| {
                std::env::var("SOURCE_DATE_EPOCH")
                    .ok()
                    .and_then(|s| s.trim().parse::<i64>().ok())
                    .map(Stamp::from_epoch)
            })
            .unwrap_or(FALLBACK)
            .clamped()
    }

    /// "YYYY-MM-DD" (anything after the date is ignored).
    pub fn parse_iso_date(s: &str) -> Option<Stamp> {
        let s = s.trim();
        let year = s.get(0..4)?.parse::<u16>().ok()?;
        let month = s.get(5..7)?.parse::<u8>().ok()?;
        let day = s.get(8..10)?.parse::<u8>().ok()?;
        let seps = s.get(4..5)? == "-" && s.get(7..8)? == "-";
        let valid = seps && (1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day);
        valid.then_some(Stamp { year, month, day, ..FALLBACK })
    }

    /// Seconds since 1970-01-01T00:00:00Z, in UTC.
    pub fn from_epoch(secs: i64) -> Stamp {
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        if !(1980..=2107).contains(&year) {
            return if year < 1980 { Stamp { year: 1980, ..FALLBACK } } else { FALLBACK };
        }
        Stamp {
            year: year as u16,
            month: month as u8,
            day: day as u8,
            hour: (rem / 3600) as u8,
            minute: (rem % 3600 / 60) as u8,
            second: (rem % 60) as u8,
        }
    }

    /// Keeps the stamp inside what a ZIP (DOS) timestamp can hold: 1980..=2107.
    fn clamped(self) -> Stamp {
        match self.year {
            ..1980 => Stamp { year: 1980, ..FALLBACK },
            2108.. => Stamp { year: 2107, month: 12, day: 31, ..FALLBACK },
            _ => self,
        }
    }

    /// W3CDTF, e.g. "2027-04-01T00:00:00Z".
    pub fn w3c(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    fn zip_time(&self) -> Result<DateTime, DocxError> {
        DateTime::from_date_and_time(self.year, self.month, self.day, self.hour, self.minute, self.second)
            .map_err(|_| DocxError::Timestamp(self.w3c()))
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Escapes text for XML content and attribute values, after dropping characters XML
/// cannot hold.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in clean(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

/// docProps/core.xml: title, subject, creator, fixed created/modified.
pub fn core_xml(meta: &Metadata, stamp: &Stamp) -> String {
    let when = stamp.w3c();
    let creator = if meta.generator.trim().is_empty() {
        concat!("caredraft ", env!("CARGO_PKG_VERSION")).to_owned()
    } else {
        meta.generator.clone()
    };
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#,
            r#"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#,
            r#"xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            "<dc:title>{title}</dc:title>",
            "<dc:subject>{subject}</dc:subject>",
            "<dc:creator>{creator}</dc:creator>",
            "<cp:keywords>{keywords}</cp:keywords>",
            "<dc:language>en-GB</dc:language>",
            "<cp:lastModifiedBy>{creator}</cp:lastModifiedBy>",
            "<cp:revision>1</cp:revision>",
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>"#,
            r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>"#,
            "</cp:coreProperties>"
        ),
        title = xml_escape(&meta.title),
        subject = xml_escape(&meta.variant_title),
        creator = xml_escape(&creator),
        keywords = xml_escape(&meta.variant),
        when = when,
    )
}

/// The custom properties, in a fixed order.
pub fn custom_properties(meta: &Metadata) -> Vec<(&'static str, String)> {
    vec![
        ("Variant", meta.variant.clone()),
        ("Library", meta.library_name.clone()),
        ("LibraryVersion", meta.library_version.clone()),
        ("AnswersHash", meta.answers_hash.clone()),
        ("DraftVersion", meta.version.clone()),
        ("Generator", meta.generator.clone()),
    ]
}

/// docProps/custom.xml.
pub fn custom_xml(meta: &Metadata) -> String {
    let mut out = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" "#,
        r#"xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">"#
    ));
    for (i, (name, value)) in custom_properties(meta).iter().enumerate() {
        out.push_str(&format!(
            r#"<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{}" name="{}"><vt:lpwstr>{}</vt:lpwstr></property>"#,
            i + 2,
            name,
            xml_escape(value)
        ));
    }
    out.push_str("</Properties>");
    out
}

/// Turns the marked header rows into repeating header rows (`<w:tblHeader/>`).
/// Works on the bytes: the marker is ASCII, so it cannot start or end inside a character,
/// and memchr's search is several times faster than `str::replace` on a large body.
pub fn mark_header_rows(document: Vec<u8>) -> Vec<u8> {
    let marker = format!(r#"<w:trHeight w:val="{}" w:hRule="atLeast" />"#, HEADER_ROW_MARK);
    let finder = memchr::memmem::Finder::new(marker.as_bytes());
    let mut found = finder.find_iter(&document).peekable();
    // Most drafts have no table: then there is nothing to copy.
    if found.peek().is_none() {
        return document;
    }
    let mut out = Vec::with_capacity(document.len());
    let mut from = 0;
    for at in found {
        out.extend_from_slice(&document[from..at]);
        out.extend_from_slice(b"<w:tblHeader />");
        from = at + marker.len();
    }
    out.extend_from_slice(&document[from..]);
    out
}

/// Sets British English as the document's language in the default run properties, so Word
/// checks spelling as en-GB ("organisation", "licence") whatever the reader's own default.
/// docx-rs has no setter for `w:lang`.
pub fn british_english(styles: Vec<u8>) -> Result<Vec<u8>, DocxError> {
    let xml = String::from_utf8(styles).map_err(|_| DocxError::Encoding("word/styles.xml"))?;
    let end_of_defaults = "</w:rPr></w:rPrDefault>";
    let lang = r#"<w:lang w:val="en-GB" w:eastAsia="en-GB" />"#;
    Ok(xml.replacen(end_of_defaults, &format!("{lang}{end_of_defaults}"), 1).into_bytes())
}

/// Asks Word to update every field when the document is opened, so the contents gets its
/// page numbers (and cross-references their text) without the reader knowing to press F9.
/// Word asks the reader's permission first; docx-rs has no setter for `w:updateFields`.
/// The element's place in `w:settings` is fixed by the schema: before `w:compat`.
pub fn update_fields_on_open(settings: Vec<u8>) -> Result<Vec<u8>, DocxError> {
    let xml = String::from_utf8(settings).map_err(|_| DocxError::Encoding("word/settings.xml"))?;
    let update = r#"<w:updateFields w:val="true" />"#;
    let xml = match xml.find("<w:compat>").or_else(|| xml.find("</w:settings>")) {
        Some(at) => format!("{}{update}{}", &xml[..at], &xml[at..]),
        None => return Err(DocxError::Encoding("word/settings.xml")),
    };
    Ok(xml.into_bytes())
}

/// Parts smaller than this are stored, not deflated: each deflate stream costs a fresh
/// compressor state of a few hundred kilobytes, which for a small part takes longer to
/// set up than the bytes it would save.
const SMALL_PART: usize = 1024;

/// The level for the document body. It is unique to each document and far the largest part,
/// so its compression dominates the cost of packaging.
const BODY_LEVEL: i64 = 1;

/// Writes the package parts as a ZIP with a fixed order and fixed timestamps.
pub fn pack(xml: XMLDocx, meta: &Metadata, stamp: &Stamp, tracked: bool) -> Result<Vec<u8>, DocxError> {
    let time = stamp.zip_time()?;
    let deflated = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(3))
        .last_modified_time(time)
        .unix_permissions(0o644);
    let body = deflated.compression_level(Some(BODY_LEVEL));
    let stored = deflated.compression_method(CompressionMethod::Stored).compression_level(None);
    let mut document = mark_header_rows(xml.document);
    let mut headers = xml.headers;
    if tracked {
        let xml = String::from_utf8(document).map_err(|_| DocxError::Encoding("word/document.xml"))?;
        document = super::tracked::renumber_changes(&xml, 100_000).into_bytes();
        for (i, h) in headers.iter_mut().enumerate() {
            let xml = String::from_utf8(std::mem::take(h)).map_err(|_| DocxError::Encoding("word/header.xml"))?;
            *h = super::tracked::renumber_changes(&xml, 900_000 + 10_000 * i).into_bytes();
        }
    }
    let styles = british_english(xml.styles)?;
    let settings = update_fields_on_open(xml.settings)?;
    let core = core_xml(meta, stamp).into_bytes();
    let custom = custom_xml(meta).into_bytes();

    let mut parts: Vec<(String, &[u8])> = vec![
        ("[Content_Types].xml".into(), &xml.content_type),
        ("_rels/.rels".into(), &xml.rels),
        ("docProps/app.xml".into(), &xml.doc_props.app),
        ("docProps/core.xml".into(), &core),
        ("docProps/custom.xml".into(), &custom),
        ("word/_rels/document.xml.rels".into(), &xml.document_rels),
        ("word/document.xml".into(), &document),
        ("word/styles.xml".into(), &styles),
        ("word/settings.xml".into(), &settings),
        ("word/fontTable.xml".into(), &xml.font_table),
        ("word/comments.xml".into(), &xml.comments),
        ("word/numbering.xml".into(), &xml.numberings),
        ("word/commentsExtended.xml".into(), &xml.comments_extended),
        ("word/footnotes.xml".into(), &xml.footnotes),
    ];
    for (i, h) in headers.iter().enumerate() {
        parts.push((format!("word/header{}.xml", i + 1), h));
        if let Some(rels) = xml.header_rels.get(i) {
            parts.push((format!("word/_rels/header{}.xml.rels", i + 1), rels));
        }
    }
    for (i, f) in xml.footers.iter().enumerate() {
        parts.push((format!("word/footer{}.xml", i + 1), f));
        if let Some(rels) = xml.footer_rels.get(i) {
            parts.push((format!("word/_rels/footer{}.xml.rels", i + 1), rels));
        }
    }
    for (id, bytes) in &xml.media {
        parts.push((format!("word/media/{id}.png"), bytes));
    }

    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        if bytes.len() < SMALL_PART {
            zip.start_file(name, stored)?;
            zip.write_all(bytes)?;
        } else if bytes.len() < super::deflated::KEPT_BELOW {
            super::deflated::add(&mut zip, &name, bytes, deflated, time)?;
        } else {
            zip.start_file(name, body)?;
            zip.write_all(bytes)?;
        }
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_conversion() {
        assert_eq!(Stamp::from_epoch(0).year, 1980);
        let s = Stamp::from_epoch(1_767_225_600); // 2026-01-01T00:00:00Z
        assert_eq!(s, FALLBACK);
        let s = Stamp::from_epoch(1_709_210_096); // 2024-02-29T12:34:56Z
        assert_eq!(s.w3c(), "2024-02-29T12:34:56Z");
    }

    #[test]
    fn iso_dates() {
        assert_eq!(Stamp::parse_iso_date("2027-04-01").map(|s| s.w3c()), Some("2027-04-01T00:00:00Z".to_owned()));
        assert_eq!(Stamp::parse_iso_date("2027-02-30"), None);
        assert_eq!(Stamp::parse_iso_date("1 April 2027"), None);
        assert_eq!(Stamp::parse_iso_date("20é7-04-01"), None);
    }

    #[test]
    fn escaping() {
        assert_eq!(xml_escape("a<b>&\"c'\u{1}"), "a&lt;b&gt;&amp;&quot;c&apos;");
    }
}
