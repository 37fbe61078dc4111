//! The `postman-codegen` command: a thin wrapper over the library.

use std::path::PathBuf;
use std::process::ExitCode;

const HELP: &str = "\
postman-codegen: turn a Postman collection into a typed Rust HTTP client module

Usage:
  postman-codegen generate <COLLECTION> [-o <FILE>] [--check] [--derive-clone-eq]
  postman-codegen --help | --version

Commands:
  generate    Generate the client module for COLLECTION (a v1, v2.0 or v2.1 collection JSON file)

Options:
  -o, --output <FILE>  Write the module to FILE (atomically; an existing FILE is left untouched
                       on any error) instead of printing it to standard output
      --check          Write nothing; exit 1 if FILE differs from what would be generated
      --derive-clone-eq
                       Also derive Clone and PartialEq on the generated structs (off by default:
                       about a fifth of a large client's compile time)
  -h, --help           Print this help
  -V, --version        Print the version

Environment:
  POSTMAN_CODEGEN_THREADS  Threads that format a module (default: up to 8, as many as there
                           are cores, for 64 requests or more); the output does not depend on it

Exit status:
  0  success (or, with --check, FILE is up to date)
  1  with --check: FILE is missing or out of date
  2  unusable input or arguments; the message says where and why

What the generator skips (scripts, unsupported auth, ...) is reported on standard error as
warnings. The generated module needs the dependencies postman-runtime (the version of this
postman-codegen), reqwest 0.13 (json, multipart, query, form), serde (derive) and serde_json.
";

struct Args {
    collection: PathBuf,
    output: Option<PathBuf>,
    check: bool,
    derive_clone_eq: bool,
}

enum Command {
    Help,
    Version,
    Generate(Args),
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Command, String> {
    let Some(first) = args.next() else {
        return Err("missing command; try `postman-codegen --help`".to_owned());
    };
    match first.as_str() {
        "-h" | "--help" | "help" => return Ok(Command::Help),
        "-V" | "--version" => return Ok(Command::Version),
        "generate" => {}
        other => {
            return Err(format!(
                "unknown command `{other}`; try `postman-codegen --help`"
            ))
        }
    }
    let mut collection = None;
    let mut output = None;
    let mut check = false;
    let mut derive_clone_eq = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "-o" | "--output" => match args.next() {
                Some(file) => output = Some(PathBuf::from(file)),
                None => return Err(format!("`{arg}` needs a file name")),
            },
            "--check" => check = true,
            "--derive-clone-eq" => derive_clone_eq = true,
            flag if flag.starts_with("--output=") => {
                output = flag.strip_prefix("--output=").map(PathBuf::from);
            }
            flag if flag.starts_with('-') && flag != "-" => {
                return Err(format!(
                    "unknown option `{flag}`; try `postman-codegen --help`"
                ))
            }
            path => {
                if collection.is_some() {
                    return Err(format!("unexpected argument `{path}`: give one collection"));
                }
                collection = Some(PathBuf::from(path));
            }
        }
    }
    let collection =
        collection.ok_or("missing the collection file; try `postman-codegen --help`")?;
    if check && output.is_none() {
        return Err("`--check` needs `-o <FILE>` to compare against".to_owned());
    }
    Ok(Command::Generate(Args {
        collection,
        output,
        check,
        derive_clone_eq,
    }))
}

fn try_main() -> Result<ExitCode, String> {
    let args = match parse_args(std::env::args().skip(1))? {
        Command::Help => {
            print!("{HELP}");
            return Ok(ExitCode::SUCCESS);
        }
        Command::Version => {
            println!("postman-codegen {}", env!("CARGO_PKG_VERSION"));
            return Ok(ExitCode::SUCCESS);
        }
        Command::Generate(args) => args,
    };
    let shown = args.collection.display().to_string();
    let bytes = std::fs::read(&args.collection).map_err(|e| format!("{shown}: {e}"))?;
    let source_name = args
        .collection
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| shown.clone());
    let options = postman_codegen::Options::default().derive_clone_eq(args.derive_clone_eq);
    // The code is written as it is generated (memory never holds all of it): to standard
    // output, or compared with FILE and written only if it differs.
    let stdout = std::io::stdout();
    let mut file = match &args.output {
        Some(output) if args.check => Output::File(postman_codegen::ChangedFile::check(output)),
        Some(output) => Output::File(postman_codegen::ChangedFile::new(output)),
        None => Output::Stdout(std::io::BufWriter::new(stdout.lock())),
    };
    let out: &mut dyn std::io::Write = match &mut file {
        Output::File(file) => file,
        Output::Stdout(stdout) => stdout,
    };
    let generated =
        postman_codegen::generate_to(&source_name, bytes, &options, out).map_err(|e| {
            match (e, &args.output) {
                (postman_codegen::Error::Io { source, .. }, Some(output)) => {
                    format!("{}: {source}", output.display())
                }
                (e, _) => {
                    // Errors name the file by its base name; say which path that was.
                    let message = e.to_string();
                    if shown == source_name {
                        message
                    } else {
                        format!("{message}\n(collection file: {shown})")
                    }
                }
            }
        })?;
    for diagnostic in &generated.diagnostics {
        eprintln!("warning: {source_name}: {diagnostic}");
    }
    if !generated.runtime_features.is_empty() {
        eprintln!(
            "note: {source_name}: the module needs postman-runtime's features {}: postman-runtime = {{ version = \"{}\", features = [{}] }}",
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
        .map_err(|e| format!("{}: {e}", output.display()))?;
    if args.check && differs {
        eprintln!(
            "{}",
            postman_codegen::Error::Stale {
                path: output.display().to_string(),
                collection: shown,
            }
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// Where the CLI writes the code.
enum Output<'a> {
    File(postman_codegen::ChangedFile),
    Stdout(std::io::BufWriter<std::io::StdoutLock<'a>>),
}

fn main() -> ExitCode {
    match try_main() {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}
