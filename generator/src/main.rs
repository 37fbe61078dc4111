//! The `postman-codegen` command: a thin wrapper over the library (built with the `cli`
//! feature, on by default).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

/// Turn a Postman collection into a typed Rust HTTP client module.
#[derive(Debug, Parser)]
#[command(
    name = "postman-codegen",
    version,
    term_width = 100,
    after_long_help = concat!(
        "Examples:\n",
        "  postman-codegen generate api.postman_collection.json -o src/api.rs\n",
        "  postman-codegen inspect api.postman_collection.json\n",
        "  postman-codegen completions bash > ~/.local/share/bash-completion/completions/postman-codegen\n",
        "\n",
        "The generated module needs the dependencies postman-runtime (the version of this\n",
        "postman-codegen), reqwest 0.13 (json, multipart, query, form), serde (derive) and serde_json.",
    ),
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generate the client module for a collection
    #[command(after_long_help = concat!(
        "Examples:\n",
        "  Print the module:          postman-codegen generate api.postman_collection.json\n",
        "  Write it (atomically):     postman-codegen generate api.postman_collection.json -o src/api.rs\n",
        "  Check it in CI:            postman-codegen generate api.postman_collection.json -o src/api.rs --check\n",
        "  Accept skipped scripts:    postman-codegen generate api.postman_collection.json --allow script-ignored\n",
        "  Add a blocking client:     postman-codegen generate api.postman_collection.json --blocking\n",
        "\n",
        "What the generator skips (scripts, unsupported auth, ...) is reported on standard error,\n",
        "one line per kind, then a one-line summary; `inspect` lists every one.\n",
        "\n",
        "Environment:\n",
        "  POSTMAN_CODEGEN_THREADS  Threads that format a module (default: up to 8, as many as there\n",
        "                           are cores, for 64 requests or more); the output does not depend on it\n",
        "  NO_COLOR                 When set (and not empty), no colors, even on a terminal\n",
        "\n",
        "Exit status:\n",
        "  0  success (or, with --check, FILE is up to date)\n",
        "  1  with --check: FILE is missing or out of date\n",
        "  2  unusable input or arguments; the message says where and why",
    ))]
    Generate(GenerateArgs),
    /// List the client a collection would give: its operations, fidelity and diagnostics
    #[command(after_long_help = concat!(
        "Examples:\n",
        "  postman-codegen inspect api.postman_collection.json\n",
        "  postman-codegen inspect api.postman_collection.json --format json | jq '.operations[].method'\n",
        "\n",
        "The table has one row per method of the generated client: the module its types live in,\n",
        "the method, the request line (HTTP method and URL as the collection writes it), the body,\n",
        "the success type, the documented error statuses and the authentication. Then come the\n",
        "fidelity figures and every diagnostic, grouped by kind.\n",
        "\n",
        "Exit status:\n",
        "  0  success\n",
        "  2  unusable input or arguments; the message says where and why",
    ))]
    Inspect(InspectArgs),
    /// Print a shell completion script
    #[command(after_long_help = concat!(
        "Examples:\n",
        "  postman-codegen completions bash > ~/.local/share/bash-completion/completions/postman-codegen\n",
        "  postman-codegen completions zsh > ~/.zfunc/_postman-codegen\n",
        "  postman-codegen completions fish > ~/.config/fish/completions/postman-codegen.fish",
    ))]
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, clap::Args)]
struct GenerateArgs {
    /// The collection: a Postman v1, v2.0 or v2.1 collection JSON file
    #[arg(value_name = "COLLECTION", value_hint = clap::ValueHint::FilePath)]
    collection: PathBuf,
    /// Write the module to FILE (atomically; an existing FILE is left untouched on any error)
    /// instead of printing it to standard output (which `-` also stands for)
    #[arg(short, long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    output: Option<PathBuf>,
    /// Write nothing; exit 1 if FILE is missing or differs from what would be generated
    #[arg(long, requires = "output")]
    check: bool,
    /// Also derive Clone and PartialEq on the generated structs (off by default: about a fifth
    /// of a large client's compile time)
    #[arg(long)]
    derive_clone_eq: bool,
    /// Also generate blocking::Client: the same requests as plain functions, for code without
    /// an async runtime (needs postman-runtime's `blocking` feature)
    #[arg(long)]
    blocking: bool,
    /// A Postman environment (*.postman_environment.json) whose non-secret values are the
    /// defaults of the collection's variables; repeat it for several, later ones winning.
    /// Secret values are never written into the code
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    environment: Vec<PathBuf>,
    /// Print no warnings (errors and --check's verdict are still printed)
    #[arg(short, long)]
    quiet: bool,
    /// Accept the diagnostics of this kind: they are not printed (repeat for several kinds)
    #[arg(
        long,
        value_name = "KIND",
        action = clap::ArgAction::Append,
        value_parser = clap::builder::PossibleValuesParser::new(postman_codegen::DIAGNOSTIC_KINDS),
        hide_possible_values = true,
        long_help = allow_help(),
    )]
    allow: Vec<String>,
}

/// `--allow`'s long help, with every kind.
fn allow_help() -> String {
    format!(
        "Accept the diagnostics of this kind: they are not printed (repeat for several kinds). \
         Kinds: {}",
        postman_codegen::DIAGNOSTIC_KINDS.join(", ")
    )
}

#[derive(Debug, clap::Args)]
struct InspectArgs {
    /// The collection: a Postman v1, v2.0 or v2.1 collection JSON file
    #[arg(value_name = "COLLECTION", value_hint = clap::ValueHint::FilePath)]
    collection: PathBuf,
    /// How to print: a table for people, or JSON for machines
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Aligned columns and grouped lists
    Table,
    /// One JSON object
    Json,
}

/// Why the command stopped (exit code 2): the message, already rendered.
struct Failure(String);

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure(message)
    }
}

fn main() -> ExitCode {
    // Usage errors exit 2 (clap's own), `--help` and `--version` 0.
    let cli = Cli::parse();
    let colors = Colors::for_stderr();
    let result = match cli.command {
        Command::Generate(args) => generate(args, colors),
        Command::Inspect(args) => inspect(args, colors),
        Command::Completions { shell } => {
            let mut command = Cli::command();
            clap_complete::generate(
                shell,
                &mut command,
                "postman-codegen",
                &mut std::io::stdout(),
            );
            Ok(ExitCode::SUCCESS)
        }
    };
    match result {
        Ok(code) => code,
        Err(Failure(message)) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

/// A collection read from disk: its bytes and the names it goes by.
struct Input {
    /// The path as given.
    shown: String,
    /// Its file name: what errors, diagnostics and the `@generated` header name.
    source_name: String,
    path: PathBuf,
}

fn read_input(path: &Path, colors: Colors) -> Result<(Input, Vec<u8>), Failure> {
    let shown = path.display().to_string();
    let bytes =
        std::fs::read(path).map_err(|e| format!("{}: {shown}: {e}", colors.error("error")))?;
    let source_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| shown.clone());
    Ok((
        Input {
            shown,
            source_name,
            path: path.to_owned(),
        },
        bytes,
    ))
}

fn generate(mut args: GenerateArgs, colors: Colors) -> Result<ExitCode, Failure> {
    // `-o -` is standard output, as for most tools.
    if args.output.as_deref() == Some(Path::new("-")) {
        if args.check {
            return Err(format!(
                "{}: --check compares the module with a file; `-o -` is standard output",
                colors.error("error")
            )
            .into());
        }
        args.output = None;
    }
    let (input, bytes) = read_input(&args.collection, colors)?;
    let mut options = postman_codegen::Options::default()
        .derive_clone_eq(args.derive_clone_eq)
        .blocking(args.blocking);
    let mut environments = Vec::new();
    for path in &args.environment {
        let (environment, bytes) = read_input(path, colors)?;
        options = options.environment(environment.source_name.clone(), bytes);
        environments.push(environment);
    }
    let missing = args.check && args.output.as_ref().is_some_and(|o| !o.exists());
    // The code is written as it is generated (memory never holds all of it): to standard
    // output, or compared with FILE and written only if it differs.
    let stdout = std::io::stdout();
    let mut file = match &args.output {
        Some(output) if args.check => Output::File(postman_codegen::ChangedFile::check(output)),
        Some(output) => Output::File(postman_codegen::ChangedFile::new(output)),
        None => Output::Stdout(std::io::BufWriter::new(stdout.lock())),
    };
    let out: &mut dyn Write = match &mut file {
        Output::File(file) => file,
        Output::Stdout(stdout) => stdout,
    };
    // The bytes are given, so they are freed once parsed; a JSON error's snippet reads the
    // file again.
    let generated = match postman_codegen::generate_to(&input.source_name, bytes, &options, out) {
        Ok(generated) => generated,
        // The reader of standard output stopped reading (`| head`): nothing is wrong with the
        // collection and nobody is left to tell. Stop quietly, as `cat` and `grep` do.
        Err(postman_codegen::Error::Io { source, .. })
            if args.output.is_none() && source.kind() == std::io::ErrorKind::BrokenPipe =>
        {
            return Ok(ExitCode::SUCCESS);
        }
        Err(postman_codegen::Error::Io { source, .. }) if args.output.is_some() => {
            let output = args.output.as_deref().unwrap_or(Path::new("-"));
            return Err(
                format!("{}: {}: {source}", colors.error("error"), output.display()).into(),
            );
        }
        Err(error) => {
            // An environment's error is shown from the environment's file.
            let file = match &error {
                postman_codegen::Error::Json { file, .. }
                | postman_codegen::Error::Shape { file, .. } => environments
                    .iter()
                    .find(|e| &e.source_name == file && e.source_name != input.source_name),
                _ => None,
            };
            return Err(render_error(&error, file.unwrap_or(&input), colors).into());
        }
    };
    let diagnostics: Vec<&postman_codegen::Diagnostic> = generated
        .diagnostics
        .iter()
        .filter(|d| !args.allow.iter().any(|kind| kind == d.kind))
        .collect();
    if !args.quiet {
        print_warnings(&input, &diagnostics, colors);
    }
    if !generated.runtime_features.is_empty() && !args.quiet {
        eprintln!(
            "note: {}: the module needs postman-runtime's features {}: postman-runtime = {{ version = \"{}\", features = [{}] }}",
            input.source_name,
            generated.runtime_features.join(", "),
            env!("CARGO_PKG_VERSION"),
            generated
                .runtime_features
                .iter()
                .map(|f| format!("\"{f}\""))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let (Output::File(file), Some(output)) = (file, args.output) else {
        return Ok(ExitCode::SUCCESS);
    };
    let differs = file
        .finish()
        .map_err(|e| format!("{}: {}: {e}", colors.error("error"), output.display()))?;
    if args.check && (missing || differs) {
        let path = output.display().to_string();
        let collection = input.shown;
        let error = if missing {
            postman_codegen::Error::Missing { path, collection }
        } else {
            postman_codegen::Error::Stale { path, collection }
        };
        eprintln!("{error}");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// Where the CLI writes the code.
enum Output<'a> {
    File(postman_codegen::ChangedFile),
    Stdout(std::io::BufWriter<std::io::StdoutLock<'a>>),
}

/// The warnings on standard error: one line per kind (all of a kind's diagnostics when it has
/// just one), then the summary.
fn print_warnings(input: &Input, diagnostics: &[&postman_codegen::Diagnostic], colors: Colors) {
    if diagnostics.is_empty() {
        return;
    }
    let groups = postman_codegen::group_diagnostics(diagnostics.iter().copied());
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    let name = clean(&input.source_name);
    for group in &groups {
        let label = colors.warning(&format!("warning[{}]", group.kind));
        let line = if group.count == 1 {
            let d = diagnostics.iter().find(|d| d.kind == group.kind);
            let place = d.map_or(String::new(), |d| match &d.request {
                Some(request) => format!("{} (in {request:?})", d.path),
                None => d.path.clone(),
            });
            format!(
                "{label}: {name}: {}: {}",
                clean(&place),
                clean(&group.example)
            )
        } else {
            format!(
                "{label}: {name}: {} times, in {}; for example: {}",
                group.count,
                clean(&group.requests_text()),
                clean(&group.example)
            )
        };
        let _ = writeln!(err, "{line}");
    }
    let _ = writeln!(
        err,
        "{}: {name}: {}; run `postman-codegen inspect {}` for the list",
        colors.warning("warning"),
        postman_codegen::summary_line(&groups),
        clean(&input.shown),
    );
}

fn inspect(args: InspectArgs, colors: Colors) -> Result<ExitCode, Failure> {
    let (input, bytes) = read_input(&args.collection, colors)?;
    let inspection = postman_codegen::inspect(&input.source_name, &bytes)
        .map_err(|e| render_error(&e, &input, colors))?;
    let text = match args.format {
        Format::Json => {
            let mut text = serde_json::to_string_pretty(&inspection.to_json())
                .map_err(|e| format!("{}: {e}", colors.error("error")))?;
            text.push('\n');
            text
        }
        Format::Table => table(&inspection),
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        // `| head`: the reader has what it wanted.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(format!("{}: standard output: {e}", colors.error("error")).into()),
        Ok(()) => Ok(ExitCode::SUCCESS),
    }
}

/// The inspection for people: the operations' table, the figures, the diagnostics by kind.
fn table(inspection: &postman_codegen::Inspection) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "{} ({}): module `{}`, {} operation{}\n\n",
        clean(&inspection.title),
        clean(&inspection.source),
        inspection.module,
        inspection.operations.len(),
        if inspection.operations.len() == 1 {
            ""
        } else {
            "s"
        },
    ));
    let header = [
        "MODULE", "METHOD", "REQUEST", "BODY", "SUCCESS", "ERRORS", "AUTH", "PAGING",
    ]
    .map(str::to_owned);
    let mut rows = vec![header];
    for op in &inspection.operations {
        let body = match &op.body_type {
            Some(ty) => format!("{} {}", op.body_kind, ty),
            None => op.body_kind.clone(),
        };
        let errors = if op.error_statuses.is_empty() {
            "-".to_owned()
        } else {
            op.error_statuses
                .iter()
                .map(u16::to_string)
                .collect::<Vec<_>>()
                .join(",")
        };
        rows.push([
            op.module_path.clone(),
            op.method.clone(),
            clean(&format!("{} {}", op.http_method, op.url)),
            clean(&body),
            op.success.clone(),
            errors,
            clean(&op.auth),
            op.pagination
                .as_deref()
                .map_or_else(|| "-".to_owned(), clean),
        ]);
    }
    let mut widths = [0usize; 8];
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    for row in &rows {
        let mut line = String::new();
        for (i, (cell, width)) in row.iter().zip(widths).enumerate() {
            if i + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&" ".repeat(width - cell.chars().count() + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    let f = &inspection.fidelity;
    let percent = |part: usize, whole: usize| {
        (part * 100)
            .checked_div(whole)
            .map_or(String::new(), |p| format!(" ({p}%)"))
    };
    out.push_str(&format!(
        "\nFidelity\n  requests in     {}\n  methods out     {}\n  fields typed    {} of {}{}\n  examples used   {} of {}{}\n",
        f.requests,
        f.methods,
        f.fields_typed,
        f.fields,
        percent(f.fields_typed, f.fields),
        f.examples_used,
        f.examples,
        percent(f.examples_used, f.examples),
    ));
    let groups = inspection.diagnostic_groups();
    if groups.is_empty() {
        out.push_str("\nDiagnostics: none\n");
        return out;
    }
    out.push_str(&format!(
        "\nDiagnostics: {}\n",
        postman_codegen::summary_line(&groups)
    ));
    for group in &groups {
        out.push_str(&format!("\n  {} ({})\n", group.kind, group.count));
        for d in inspection
            .diagnostics
            .iter()
            .filter(|d| d.kind == group.kind)
        {
            let place = match &d.request {
                Some(request) => format!("{} (in {request:?})", d.path),
                None => d.path.clone(),
            };
            out.push_str(&format!("    {}: {}\n", clean(&place), clean(&d.message)));
        }
    }
    out
}

/// An error for people: a JSON error shows the offending line with a caret; the others are
/// their messages.
fn render_error(error: &postman_codegen::Error, input: &Input, colors: Colors) -> String {
    let located = if input.shown == input.source_name {
        String::new()
    } else {
        // Errors name the file by its base name; say which path that was.
        format!("\n(file: {})", input.shown)
    };
    if let postman_codegen::Error::Json { line, column, .. } = error {
        let bytes = std::fs::read(&input.path).unwrap_or_default();
        if let Some(snippet) = json_snippet(&error.to_string(), &bytes, *line, *column, colors) {
            return format!("{snippet}{located}");
        }
    }
    format!("{}: {error}{located}", colors.error("error"))
}

/// The line `line` (1-based) of `bytes` with a caret under `column` (1-based; 0 is the start
/// of the line), through annotate-snippets. A long line is cut to the part around the column.
fn json_snippet(
    title: &str,
    bytes: &[u8],
    line: usize,
    column: usize,
    colors: Colors,
) -> Option<String> {
    use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
    const WIDTH: usize = 100;
    let text = bytes.split(|&b| b == b'\n').nth(line.checked_sub(1)?)?;
    let text = text.strip_suffix(b"\r").unwrap_or(text);
    // serde_json counts columns in bytes.
    let at = column.saturating_sub(1).min(text.len());
    let (start, end) = if text.len() <= WIDTH {
        (0, text.len())
    } else {
        let start = at.saturating_sub(WIDTH / 2);
        (start, (start + WIDTH).min(text.len()))
    };
    let before = clean(&String::from_utf8_lossy(text.get(start..at)?));
    let after = clean(&String::from_utf8_lossy(text.get(at..end)?));
    let mut source = String::new();
    if start > 0 {
        source.push('…');
    }
    source.push_str(&before);
    let caret = source.len();
    source.push_str(&after);
    if end < text.len() {
        source.push('…');
    }
    let width = after.chars().next().map_or(0, char::len_utf8);
    let report = &[Level::ERROR.primary_title(title).element(
        Snippet::source(source.as_str())
            .line_start(line)
            .annotation(
                AnnotationKind::Primary
                    .span(caret..caret + width)
                    .label("here"),
            ),
    )];
    let renderer = if colors.0 {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    Some(renderer.render(report).to_string())
}

/// Text from a collection made safe for a terminal: control and bidi characters escaped.
fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let bidi = matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}');
        if c.is_control() || bidi {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether standard error gets colors: only on a terminal, and not with `NO_COLOR` set.
#[derive(Debug, Clone, Copy)]
struct Colors(bool);

impl Colors {
    fn for_stderr() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Colors(!no_color && std::io::stderr().is_terminal())
    }

    fn paint(self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    fn error(self, text: &str) -> String {
        self.paint("1;31", text)
    }

    fn warning(self, text: &str) -> String {
        self.paint("1;33", text)
    }
}
