import type { FileSchema, KeySpec, KeyTable } from './types';

const flavor = (module: string): KeySpec => ({
  doc: `Saved by \`${module}\`; loaded with \`${module}.load_model()\`.`,
  kind: 'mapping',
  nullable: true,
  unknownKeys: 'ignore',
});

const envFile = (what: string): KeySpec => ({ doc: what, kind: 'string', nullable: true });

const pythonFunction: KeySpec = {
  doc: 'The generic Python flavor: `mlflow.pyfunc.load_model()` loads the model through `loader_module`. Needed for serving.',
  kind: 'mapping',
  snippet: 'python_function:\n  loader_module: ${1:mlflow.sklearn}\n  python_version: ${2:3.11}\n  env:\n    virtualenv: python_env.yaml\n    conda: conda.yaml',
  keys: {
    loader_module: {
      doc: 'The Python module whose `_load_pyfunc(path)` loads the model (e.g. `mlflow.sklearn`). Required.',
      kind: 'string',
      required: "`mlflow.pyfunc.load_model()` fails (KeyError: 'loader_module')",
      values: {
        'mlflow.sklearn': 'scikit-learn',
        'mlflow.pyfunc.model': 'a custom `PythonModel` or a model from code',
        'mlflow.pytorch': 'PyTorch',
        'mlflow.tensorflow': 'TensorFlow / Keras',
        'mlflow.xgboost': 'XGBoost',
        'mlflow.lightgbm': 'LightGBM',
        'mlflow.transformers': 'Hugging Face transformers',
      },
    },
    python_version: { doc: 'The Python version the model was saved with.', kind: 'scalar', nullable: true },
    env: {
      doc: 'The environment files next to this MLmodel: `{conda: conda.yaml, virtualenv: python_env.yaml}` (older models: one conda file name).',
      kind: ['mapping', 'string'],
      nullable: true,
      keys: {
        conda: envFile('The conda environment file (relative to the model folder).'),
        virtualenv: envFile('The `python_env.yaml` file (relative to the model folder).'),
      },
    },
    model_path: { doc: 'The serialized model, relative to the model folder.', kind: 'string', nullable: true },
    data: { doc: 'Model data, relative to the model folder.', kind: 'string', nullable: true },
    code: { doc: 'Code saved with the model (added to `sys.path` on load).', kind: ['string', 'sequence'], nullable: true },
    predict_fn: { doc: 'The method called by `predict()` (e.g. `predict`, `predict_proba`).', kind: 'string', nullable: true },
    model_code_path: { doc: 'The Python file defining the model (models from code).', kind: 'string', nullable: true },
    config: { doc: 'Configuration passed to the model on load.', kind: 'any', nullable: true },
    model_config: { doc: 'Model configuration passed to a `PythonModel`.', kind: 'any', nullable: true },
    streamable: { doc: 'Whether the model supports `predict_stream()`.', kind: 'boolean', nullable: true },
    python_model: { doc: 'The pickled `PythonModel`, relative to the model folder.', kind: 'string', nullable: true },
    cloudpickle_version: { doc: 'The cloudpickle version that pickled the `PythonModel`.', kind: 'scalar', nullable: true },
    artifacts: { doc: 'Artifacts of a `PythonModel`, by name.', kind: 'mapping', nullable: true, unknownKeys: 'ignore' },
  },
};

export const FLAVORS: KeyTable = {
  python_function: pythonFunction,
  sklearn: flavor('mlflow.sklearn'),
  pytorch: flavor('mlflow.pytorch'),
  tensorflow: flavor('mlflow.tensorflow'),
  keras: flavor('mlflow.keras'),
  xgboost: flavor('mlflow.xgboost'),
  lightgbm: flavor('mlflow.lightgbm'),
  catboost: flavor('mlflow.catboost'),
  transformers: flavor('mlflow.transformers'),
  sentence_transformers: flavor('mlflow.sentence_transformers'),
  onnx: flavor('mlflow.onnx'),
  spark: flavor('mlflow.spark'),
  statsmodels: flavor('mlflow.statsmodels'),
  prophet: flavor('mlflow.prophet'),
  pmdarima: flavor('mlflow.pmdarima'),
  spacy: flavor('mlflow.spacy'),
  h2o: flavor('mlflow.h2o'),
  paddle: flavor('mlflow.paddle'),
  langchain: flavor('mlflow.langchain'),
  openai: flavor('mlflow.openai'),
  llama_index: flavor('mlflow.llama_index'),
  dspy: flavor('mlflow.dspy'),
  johnsnowlabs: flavor('mlflow.johnsnowlabs'),
};

const jsonSpec = (doc: string): KeySpec => ({ doc, kind: 'string', nullable: true });

export const MLMODEL: FileSchema = {
  unknownKeys: 'information',
  root: {
    doc: 'An MLflow model description.',
    kind: 'mapping',
    keys: {
      artifact_path: { doc: 'Where the model was logged (MLflow 2: the run-relative path; 3.x: the artifact location).', kind: 'string', nullable: true },
      name: { doc: 'The model name (MLflow 3).', kind: 'scalar', nullable: true },
      model_id: { doc: 'The logged model id (`m-<32 hex>`, MLflow 3).', kind: 'string', nullable: true },
      run_id: { doc: 'The run that logged the model.', kind: 'string', nullable: true },
      utc_time_created: { doc: 'When the model was saved, UTC: `YYYY-MM-DD HH:MM:SS.ffffff`.', kind: 'string', nullable: true, mismatch: 'warning' },
      flavors: {
        doc: 'How the model can be loaded, by flavor. `python_function` makes it loadable by `mlflow.pyfunc` and servable.',
        kind: 'mapping',
        required: 'MLflow cannot load a model without flavors',
        mismatchWhy: 'MLflow cannot load the model',
        entries: { label: 'flavor', spec: { doc: 'A model flavor.', kind: 'mapping', nullable: true, unknownKeys: 'ignore' }, known: FLAVORS },
      },
      signature: {
        doc: 'The model signature: `inputs`, `outputs` and `params`, each a JSON string.',
        kind: 'mapping',
        nullable: true,
        keys: {
          inputs: jsonSpec('The input schema, a JSON list of column specs (`{"type": "double", "name": "x"}`) or tensor specs (`{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 4]}}`).'),
          outputs: jsonSpec('The output schema, a JSON list of column or tensor specs.'),
          params: jsonSpec('The inference parameters, a JSON list of `{"name": …, "type": …, "default": …, "shape": null}`.'),
        },
      },
      saved_input_example_info: {
        doc: 'The input example saved next to this MLmodel.',
        kind: 'mapping',
        nullable: true,
        keys: {
          artifact_path: {
            doc: 'The input example file, relative to the model folder.',
            kind: 'string',
            required: 'MLflow cannot read the input example',
          },
          type: {
            doc: 'How the example is stored.',
            kind: 'string',
            nullable: true,
            values: { dataframe: 'a pandas DataFrame', ndarray: 'a NumPy array', json_object: 'a JSON object', sparse_matrix_csc: 'a SciPy CSC matrix', sparse_matrix_csr: 'a SciPy CSR matrix' },
          },
          pandas_orient: { doc: 'The pandas JSON orientation of a DataFrame example.', kind: 'string', nullable: true, values: { split: 'columns, index and data', records: 'a list of rows' } },
          serving_input_path: { doc: 'The example as a serving request body, relative to the model folder.', kind: 'string', nullable: true },
          format: { doc: 'The example format.', kind: 'string', nullable: true },
        },
      },
      model_uuid: { doc: 'A unique id of the model: 32 hex digits (MLflow 3 writes the `m-…` model id).', kind: 'string', nullable: true, mismatch: 'warning' },
      mlflow_version: { doc: 'The MLflow version that saved the model.', kind: 'scalar', nullable: true },
      model_size_bytes: { doc: 'The size of the model files in bytes.', kind: 'integer', nullable: true, mismatch: 'warning' },
      metadata: { doc: 'Custom metadata given to `log_model(metadata=…)`.', kind: 'any', nullable: true },
      databricks_runtime: { doc: 'The Databricks runtime the model was saved on.', kind: 'scalar', nullable: true },
      env_vars: { doc: 'Environment variables the model needs at inference time.', kind: 'sequence', nullable: true, items: { doc: 'A variable name.', kind: 'string' } },
      resources: { doc: 'Resources the model depends on (Databricks serving endpoints, indexes…).', kind: 'any', nullable: true },
      auth_policy: { doc: 'The authentication policy of the model (Databricks).', kind: 'any', nullable: true },
      prompts: { doc: 'Prompts from the prompt registry the model uses.', kind: 'any', nullable: true },
      is_signature_from_type_hint: { doc: 'Whether the signature was inferred from type hints.', kind: 'boolean', nullable: true },
      type_hint_from_example: { doc: 'Whether type hints were inferred from the input example.', kind: 'boolean', nullable: true },
    },
  },
};
