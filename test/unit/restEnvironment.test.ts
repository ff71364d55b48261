import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { displayUrl, fromEnvironment } from '../../src/mlflow/rest/options';

describe('REST options from the environment, as MLflow\'s Python client reads it', () => {
  it('names no server for unset, sqlite and file tracking URIs', () => {
    assert.equal(fromEnvironment({}), undefined);
    assert.equal(fromEnvironment({ MLFLOW_TRACKING_URI: 'sqlite:///mlflow.db' }), undefined);
    assert.equal(fromEnvironment({ MLFLOW_TRACKING_URI: './mlruns' }), undefined);
  });

  it('reads an http URI with basic credentials, which win over a token', () => {
    assert.deepEqual(
      fromEnvironment({
        MLFLOW_TRACKING_URI: 'https://mlflow.example.com/team',
        MLFLOW_TRACKING_USERNAME: 'ann',
        MLFLOW_TRACKING_PASSWORD: 'pw',
        MLFLOW_TRACKING_TOKEN: 'tok',
      }),
      { baseUrl: 'https://mlflow.example.com/team', auth: { kind: 'basic', username: 'ann', password: 'pw' }, insecure: false },
    );
  });

  it('reads a bearer token, TLS settings, the workspace and the request timeout', () => {
    assert.deepEqual(
      fromEnvironment({
        MLFLOW_TRACKING_URI: 'http://127.0.0.1:5000',
        MLFLOW_TRACKING_USERNAME: 'ann',
        MLFLOW_TRACKING_TOKEN: 'tok',
        MLFLOW_TRACKING_INSECURE_TLS: 'True',
        MLFLOW_TRACKING_SERVER_CERT_PATH: '/etc/ca.pem',
        MLFLOW_WORKSPACE: 'team-a',
        MLFLOW_HTTP_REQUEST_TIMEOUT: '45',
      }),
      {
        baseUrl: 'http://127.0.0.1:5000',
        auth: { kind: 'bearer', token: 'tok' },
        insecure: true,
        caCertPath: '/etc/ca.pem',
        workspace: 'team-a',
        timeoutMs: 45_000,
      },
    );
  });

  it('reads Databricks from DATABRICKS_HOST and DATABRICKS_TOKEN', () => {
    assert.deepEqual(fromEnvironment({ MLFLOW_TRACKING_URI: 'databricks', DATABRICKS_HOST: 'adb-1.azuredatabricks.net', DATABRICKS_TOKEN: 'dapi1' }), {
      baseUrl: 'https://adb-1.azuredatabricks.net',
      auth: { kind: 'bearer', token: 'dapi1' },
      insecure: false,
    });
    assert.throws(() => fromEnvironment({ MLFLOW_TRACKING_URI: 'databricks' }), /set DATABRICKS_HOST and DATABRICKS_TOKEN/);
    assert.throws(() => fromEnvironment({ MLFLOW_TRACKING_URI: 'databricks://profile', DATABRICKS_HOST: 'h' }), /~\/\.databrickscfg are not read/);
  });

  it('shows URLs without user info', () => {
    assert.equal(displayUrl('https://ann:pw@mlflow.example.com/team/?x=1'), 'https://mlflow.example.com/team');
  });
});
