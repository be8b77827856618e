//! Named styles a solicitor can restyle in Word: Title, Heading 1-3, clause levels,
//! body text, definitions, schedule headings, contents, header/footer and a table
//! style. Also the house page set-up (A4, Arial 11pt).

use docx_rs::{
    AlignmentType, LineSpacing, LineSpacingType, RunFonts, SpecialIndentType, Style, StyleType, Styles, Tab,
    TabLeaderType, TabValueType, TableBorder, TableBorderPosition, TableBorders,
};

pub const FONT: &str = "Arial";
/// Half-points: 11pt.
pub const FONT_SIZE: usize = 22;
pub const PAGE_WIDTH: u32 = 11906;
pub const PAGE_HEIGHT: u32 = 16838;
pub const MARGIN: i32 = 1440;
pub const HEADER_DISTANCE: i32 = 720;
/// Width of the text block in twips.
pub const TEXT_WIDTH: usize = (PAGE_WIDTH as usize) - 2 * (MARGIN as usize);
/// The indent of clause text under a clause heading.
pub const CLAUSE_INDENT: i32 = 720;

pub const TITLE: &str = "Title";
pub const SUBTITLE: &str = "Subtitle";
pub const COVER_TEXT: &str = "CoverText";
pub const COVER_PARTY: &str = "CoverParty";
pub const DRAFT_MARK: &str = "DraftMark";
pub const HEADING1: &str = "Heading1";
pub const HEADING2: &str = "Heading2";
pub const HEADING3: &str = "Heading3";
pub const SECTION_HEADING: &str = "SectionHeading";
pub const PART_HEADING: &str = "PartHeading";
/// Clause level styles; index 0 is level 1.
pub const CLAUSE: [&str; 5] = ["Clause1", "Clause2", "Clause3", "Clause4", "Clause5"];
pub const BODY: &str = "BodyText";
pub const BODY_INDENT: &str = "BodyTextIndent";
pub const DEFINITION: &str = "Definition";
pub const PARTY: &str = "Party";
pub const RECITAL: &str = "Recital";
pub const SCHEDULE_TITLE: &str = "ScheduleTitle";
pub const SCHEDULE_SUBTITLE: &str = "ScheduleSubtitle";
/// Schedule paragraph levels 1 and 2.
pub const SCHEDULE: [&str; 2] = ["Schedule1", "Schedule2"];
pub const TOC_HEADING: &str = "TOCHeading";
pub const TOC1: &str = "TOC1";
pub const HEADER: &str = "Header";
pub const FOOTER: &str = "Footer";
pub const TABLE: &str = "CareTable";
pub const TABLE_TEXT: &str = "TableText";
pub const SIGNATURE: &str = "SignatureText";

fn spacing(before: u32, after: u32) -> LineSpacing {
    LineSpacing::new().before(before).after(after).line(264).line_rule(LineSpacingType::Auto)
}

fn para(id: &str, name: &str) -> Style {
    Style::new(id, StyleType::Paragraph).name(name).based_on("Normal").next(BODY)
}

fn keep_next(mut s: Style) -> Style {
    s.paragraph_property = s.paragraph_property.keep_next(true).keep_lines(true);
    s
}

fn justified(s: Style) -> Style {
    s.align(AlignmentType::Both)
}

/// All styles of the document.
pub fn styles() -> Styles {
    let fonts = RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT).east_asia(FONT);
    let mut styles = Styles::new().default_fonts(fonts).default_size(FONT_SIZE).default_line_spacing(spacing(0, 160));

    let mut list = vec![
        para(TITLE, "Title").size(40).bold().align(AlignmentType::Center).line_spacing(spacing(2400, 480)),
        para(SUBTITLE, "Subtitle").size(24).align(AlignmentType::Center).line_spacing(spacing(120, 240)),
        para(COVER_TEXT, "Cover Text").align(AlignmentType::Center).line_spacing(spacing(120, 120)),
        para(COVER_PARTY, "Cover Party").bold().size(24).align(AlignmentType::Center).line_spacing(spacing(120, 120)),
        para(DRAFT_MARK, "Draft Mark")
            .bold()
            .color("C00000")
            .align(AlignmentType::Center)
            .line_spacing(spacing(240, 240)),
        keep_next(para(HEADING1, "heading 1").bold().outline_lvl(0).line_spacing(spacing(360, 160))).next(CLAUSE[1]),
        keep_next(para(HEADING2, "heading 2").bold().outline_lvl(1).line_spacing(spacing(240, 120))),
        keep_next(para(HEADING3, "heading 3").bold().italic().outline_lvl(2).line_spacing(spacing(240, 120))),
        keep_next(para(SECTION_HEADING, "Section Heading").bold().line_spacing(spacing(360, 160))),
        keep_next(
            para(PART_HEADING, "Part Heading")
                .bold()
                .size(24)
                .align(AlignmentType::Center)
                // In the contents with the clauses, when Word updates the TOC field.
                .outline_lvl(0)
                .line_spacing(spacing(480, 240)),
        ),
        keep_next(para(CLAUSE[0], "Clause Level 1").bold().line_spacing(spacing(240, 160))),
        justified(para(CLAUSE[1], "Clause Level 2")),
        justified(para(CLAUSE[2], "Clause Level 3")),
        justified(para(CLAUSE[3], "Clause Level 4")),
        justified(para(CLAUSE[4], "Clause Level 5")),
        justified(para(BODY, "Body Text")),
        justified(para(BODY_INDENT, "Body Text Indent")).indent(Some(CLAUSE_INDENT), None, None, None),
        justified(para(DEFINITION, "Definition")).indent(Some(CLAUSE_INDENT), None, None, None),
        justified(para(PARTY, "Party")),
        justified(para(RECITAL, "Recital")),
        keep_next(
            para(SCHEDULE_TITLE, "Schedule Title")
                .bold()
                .size(24)
                .align(AlignmentType::Center)
                .outline_lvl(0)
                .line_spacing(spacing(0, 360)),
        ),
        keep_next(
            para(SCHEDULE_SUBTITLE, "Schedule Subtitle")
                .bold()
                .align(AlignmentType::Center)
                .line_spacing(spacing(0, 360)),
        ),
        keep_next(para(SCHEDULE[0], "Schedule Level 1").bold().line_spacing(spacing(240, 160))),
        justified(para(SCHEDULE[1], "Schedule Level 2")),
        keep_next(para(TOC_HEADING, "TOC Heading").bold().size(24).line_spacing(spacing(0, 360))),
        para(TOC1, "toc 1")
            .indent(Some(720), Some(SpecialIndentType::Hanging(720)), None, None)
            .line_spacing(spacing(0, 80)),
        para(HEADER, "header").size(18).color("595959"),
        para(FOOTER, "footer").size(18).align(AlignmentType::Center),
        para(TABLE_TEXT, "Table Text").line_spacing(spacing(40, 40)),
        para(SIGNATURE, "Signature Text").line_spacing(spacing(120, 120)),
    ];
    // Header: short title on the left, draft mark on the right.
    if let Some(h) = list.iter_mut().find(|s| s.style_id == HEADER) {
        h.paragraph_property =
            h.paragraph_property.clone().add_tab(Tab::new().val(TabValueType::Right).pos(TEXT_WIDTH));
    }
    // TOC entries: number, tab, title, and the page number at the right margin after a
    // dotted leader once Word has updated the field.
    if let Some(t) = list.iter_mut().find(|s| s.style_id == TOC1) {
        t.paragraph_property = t
            .paragraph_property
            .clone()
            .add_tab(Tab::new().val(TabValueType::Left).pos(720))
            .add_tab(Tab::new().val(TabValueType::Right).leader(TabLeaderType::Dot).pos(TEXT_WIDTH));
    }
    list.push(table_style());
    for s in list {
        styles = styles.add_style(s);
    }
    styles
}

fn table_style() -> Style {
    Style::new(TABLE, StyleType::Table).name("Care Table").set_borders(table_borders())
}

/// Thin black rules round and inside a table: the table style's borders, which each table
/// also sets on itself.
pub fn table_borders() -> TableBorders {
    let border = |pos| TableBorder::new(pos).size(4).color("000000");
    TableBorders::new()
        .set(border(TableBorderPosition::Top))
        .set(border(TableBorderPosition::Left))
        .set(border(TableBorderPosition::Bottom))
        .set(border(TableBorderPosition::Right))
        .set(border(TableBorderPosition::InsideH))
        .set(border(TableBorderPosition::InsideV))
}
