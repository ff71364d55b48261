import type { FileSchema, KeySpec } from './types';

/** The parameter types MLflow documents; only `path` and `uri` are checked by MLflow itself. */
export const PARAMETER_TYPES: Readonly<Record<string, string>> = {
  string: 'Any text (the default type). Substituted shell-quoted.',
  float: 'A number. MLflow does not check it; your script parses it.',
  int: 'An integer. MLflow does not check it; your script parses it.',
  path:
    'A local file or folder, or a URI that MLflow downloads first. A local value must exist ' +
    '(relative paths are resolved against the directory `mlflow run` runs in).',
  uri: 'A URI with a scheme (`s3://…`, `file:///…`, `models:/…`); MLflow rejects a value without one.',
};

export const ENVIRONMENT_KEYS = ['conda_env', 'python_env', 'docker_env'] as const;

const parameter: KeySpec = {
  doc:
    'A parameter of the entry point: either just its type (`alpha: float`, then it has no ' +
    'default and `mlflow run` needs `-P alpha=…`) or `{type: …, default: …}`.',
  kind: ['string', 'mapping'],
  mismatchWhy: "MLflow's loader fails on it",
  values: PARAMETER_TYPES,
  keys: {
    type: {
      doc: 'The parameter type: `string` (default), `float`, `int`, `path` or `uri`.',
      kind: 'string',
      values: PARAMETER_TYPES,
    },
    default: {
      doc: 'Used when `mlflow run` gets no `-P name=value` for this parameter. Without a default the parameter is required.',
      kind: 'scalar',
      nullable: true,
    },
  },
};

const entryPoint: KeySpec = {
  doc: 'An entry point: a command and the parameters it takes. Run it with `mlflow run . -e <name>` (default `main`).',
  kind: 'mapping',
  mismatchWhy: "MLflow's loader fails on it ('str' object has no attribute 'get')",
  keys: {
    command: {
      doc:
        'The shell command of the entry point. `{name}` is replaced by the shell-quoted value of ' +
        'parameter `name` (Python `str.format`); write `{{` and `}}` for literal braces. ' +
        'Parameters passed with `-P` but not declared are appended as `--key value`.',
      kind: 'string',
      required: "`mlflow run` fails ('NoneType' object has no attribute 'format')",
      mismatchWhy: '`mlflow run` fills it in with Python `str.format`',
      snippet: 'command: "${1:python train.py}"',
    },
    parameters: {
      doc: 'The parameters of the entry point, by name.',
      kind: 'mapping',
      mismatchWhy: "MLflow's loader fails on it",
      entries: {
        label: 'parameter',
        spec: parameter,
        snippet: '${1:name}: {type: ${2|float,int,string,path,uri|}, default: ${3:value}}',
      },
    },
  },
};

export const MLPROJECT: FileSchema = {
  unknownKeys: 'warning',
  root: {
    doc: 'An MLflow project file.',
    kind: 'mapping',
    keys: {
      name: {
        doc: 'The project name. Required with `docker_env` (it names the image MLflow builds).',
        kind: 'scalar',
        nullable: true,
      },
      entry_points: {
        doc: 'The commands the project can run, by name. `mlflow run` runs `main` unless given `-e <name>`.',
        kind: 'mapping',
        mismatchWhy: "MLflow's loader fails on it",
        entries: {
          label: 'entry point',
          spec: entryPoint,
          snippet:
            '${1:main}:\n  parameters:\n    ${2:alpha}: {type: ${3|float,int,string,path,uri|}, default: ${4:0.5}}\n  command: "${5:python train.py} --${2:alpha} {${2:alpha}}"',
        },
      },
      python_env: {
        doc:
          'A `python_env.yaml` file (relative to this folder) with the Python version and pip ' +
          'dependencies; `mlflow run` builds a virtualenv from it. At most one of `python_env`, ' +
          '`conda_env`, `docker_env`. Without any, MLflow uses `python_env.yaml`, then `conda.yaml`, if present.',
        kind: 'string',
        nullable: true,
        complete: 'envFile',
      },
      conda_env: {
        doc: 'A conda environment file (relative to this folder), e.g. `conda.yaml`. At most one of `python_env`, `conda_env`, `docker_env`.',
        kind: 'string',
        nullable: true,
        complete: 'envFile',
      },
      docker_env: {
        doc: 'Run the project in a Docker container. At most one of `python_env`, `conda_env`, `docker_env`.',
        kind: 'mapping',
        nullable: true,
        mismatchWhy: "MLflow's loader fails on it",
        snippet: 'docker_env:\n  image: ${1:python:3.11}',
        keys: {
          image: {
            doc: 'The Docker image to run in (required).',
            kind: 'string',
            required: "MLflow's loader fails (Docker environment specified but no image attribute found)",
          },
          volumes: {
            doc: 'Volumes to mount, as a list of strings: `["/host/path:/container/path"]`.',
            kind: 'sequence',
            nullable: true,
            mismatchWhy: "MLflow's loader fails (Docker volumes must be a list of strings)",
            items: {
              doc: 'A volume: `host_path:container_path`.',
              kind: 'string',
              mismatchWhy: "MLflow's loader fails (Docker volumes must be a list of strings)",
            },
          },
          environment: {
            doc:
              'Environment variables of the container: a name (copied from the host) or a pair ' +
              '`[NAME, value]`, e.g. `[["NEW_VAR", "value"], "VAR_TO_COPY"]`.',
            kind: 'sequence',
            nullable: true,
            mismatchWhy: "MLflow's loader fails (environment must be a list of names or [NAME, value] pairs)",
            items: {
              doc: 'A variable name, or `[NAME, value]`.',
              kind: ['string', 'sequence'],
              mismatchWhy: "MLflow's loader fails (environment must be a list of names or [NAME, value] pairs)",
            },
          },
        },
      },
      databricks_spark_job: {
        doc: 'Run the project as a Databricks Spark job (instead of `entry_points` or together with them).',
        kind: 'mapping',
        nullable: true,
        keys: {
          python_file: { doc: 'The Python file the job runs.', kind: 'string', nullable: true },
          parameters: { doc: 'Arguments passed to the Python file.', kind: 'sequence', nullable: true },
          python_libraries: { doc: 'Libraries installed for the job.', kind: 'sequence', nullable: true },
        },
      },
    },
  },
};
