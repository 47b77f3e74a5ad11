import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CLUSTER = path.join(ROOT, 'build', 'cluster');
const read = (name: string) => readFileSync(path.join(CLUSTER, name), 'utf8');

/** The first value of `key:` in a YAML file, comments stripped (the Job has one of each). */
function getYamlScalar(yaml: string, key: string): string {
  const m = new RegExp(`^\\s*${key}:\\s*([^#\\n]+)`, 'm').exec(yaml);
  if (!m) throw new Error(`no ${key} in the manifest`);
  return m[1]!.trim().replace(/^'(.*)'$/, '$1');
}

/** Kubernetes' $(VAR) expansion of container args, for one pod's environment. */
function expandK8sArgs(args: string[], env: Record<string, string>): string[] {
  return args.map((a) => a.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name: string) => env[name] ?? whole));
}

describe('Kubernetes Indexed Job', () => {
  const yaml = read('k8s-indexed-job.yaml');
  const n = Number(getYamlScalar(yaml, 'completions'));
  const argsLine = /^\s*args:\s*(\[.*\])\s*$/m.exec(yaml)?.[1];
  const args = JSON.parse(argsLine!.replace(/'/g, '"')) as string[];

  it('is an Indexed Job whose parallelism does not exceed its completions', () => {
    expect(getYamlScalar(yaml, 'kind')).toBe('Job');
    expect(getYamlScalar(yaml, 'completionMode')).toBe('Indexed');
    expect(n).toBeGreaterThan(1);
    expect(Number(getYamlScalar(yaml, 'parallelism'))).toBeLessThanOrEqual(n);
    expect(getYamlScalar(yaml, 'restartPolicy')).toBe('Never');
  });

  it('gives pod i the arguments `batch /data/in --shard i/N --out /data/out/shard-i.sqlite`', () => {
    // The index variable is bound to the Job's completion-index annotation.
    expect(yaml).toMatch(
      /- name: JOB_COMPLETION_INDEX\s+valueFrom:\s+fieldRef:\s+fieldPath: metadata\.annotations\['batch\.kubernetes\.io\/job-completion-index'\]/,
    );
    for (const i of [0, 5, n - 1]) {
      expect(expandK8sArgs(args, { JOB_COMPLETION_INDEX: String(i) })).toEqual([
        'batch',
        '/data/in',
        '--shard',
        `${i}/${n}`,
        '--out',
        `/data/out/shard-${i}.sqlite`,
      ]);
    }
  });

  it('mounts the scans read-only and the output read-write', () => {
    expect(yaml).toMatch(/mountPath: \/data\/in\s+readOnly: true/);
    expect(yaml).toMatch(/claimName: ecg-scans\s+readOnly: true/);
    expect(yaml).toMatch(/- name: review-sets\s+mountPath: \/data\/out\s*\n\s*- name: tmp/);
    expect(yaml).toMatch(/readOnlyRootFilesystem: true/);
    expect(yaml).toMatch(/mountPath: \/tmp/); // tsx needs a writable cache
  });
});

describe('Slurm job array', () => {
  const script = read('slurm-array.sh');
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ecg-slurm-'));
    // A stand-in CLI: records its arguments and writes the file named by --out.
    await writeFile(
      path.join(dir, 'fake-cli.sh'),
      '#!/usr/bin/env bash\nprintf "%s\\n" "$@" > "$FAKE_ARGS"\nwhile [[ $# -gt 0 ]]; do [[ $1 == --out ]] && { echo shard > "$2"; }; shift; done\n',
    );
    await chmod(path.join(dir, 'fake-cli.sh'), 0o755);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const runTask = (task: number) =>
    spawnSync('bash', [path.join(CLUSTER, 'slurm-array.sh')], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        HOME: dir,
        TMPDIR: dir,
        SLURM_ARRAY_TASK_ID: String(task),
        SLURM_ARRAY_JOB_ID: '4242',
        ECG_IN: '/scans in',
        ECG_OUT: path.join(dir, 'out'),
        ECG_REVIEW: `bash ${path.join(dir, 'fake-cli.sh')}`,
        FAKE_ARGS: path.join(dir, `args-${task}.txt`),
      },
    });

  it('declares --array=0-(N-1) for SHARD_COUNT=N and passes bash -n', () => {
    const array = /^#SBATCH --array=0-(\d+)\s*$/m.exec(script);
    const count = /^SHARD_COUNT=(\d+)\s*$/m.exec(script);
    expect(Number(array![1]) + 1).toBe(Number(count![1]));
    expect(spawnSync('bash', ['-n', path.join(CLUSTER, 'slurm-array.sh')]).status).toBe(0);
  });

  it('runs task i as `batch $ECG_IN --shard i/N --out …/shard-i.sqlite` and publishes the file whole', async () => {
    const n = Number(/^SHARD_COUNT=(\d+)/m.exec(script)![1]);
    const r = runTask(3);
    expect(r.status, r.stderr).toBe(0);
    const args = (await readFile(path.join(dir, 'args-3.txt'), 'utf8')).trimEnd().split('\n');
    expect(args.slice(0, 4)).toEqual(['batch', '/scans in', '--shard', `3/${n}`]);
    expect(args[4]).toBe('--out');
    expect(path.basename(args[5]!)).toBe('shard-3.sqlite');
    expect(args[5]!.startsWith(dir)).toBe(true); // node-local scratch, not the shared folder
    expect(await readdir(path.join(dir, 'out'))).toEqual(['shard-3.sqlite']);
  });

  it('refuses a task id outside the shard range', () => {
    const n = Number(/^SHARD_COUNT=(\d+)/m.exec(script)![1]);
    const r = runTask(n);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/disagree/);
  });
});

/** Every file the CLI loads, following relative imports from its entry (extensionless, as tsx and esbuild resolve them). */
function collectCliImports(): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const resolve = (from: string, spec: string): string | null => {
    const base = path.resolve(path.dirname(from), spec);
    for (const c of [base, `${base}.ts`, `${base}.js`, path.join(base, 'index.ts')])
      if (existsSync(c) && !c.endsWith(path.sep) && /\.(ts|js|json)$/.test(c)) return c;
    return null;
  };
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(
      /(?:^|\n)\s*(?:import|export)\s(?:[^'"]*?\sfrom\s)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
    )) {
      const spec = (m[1] ?? m[2])!;
      if (spec.startsWith('.')) {
        const target = resolve(file, spec);
        if (target) visit(target);
      } else if (!spec.startsWith('node:') && !builtinModules.includes(spec.split('/')[0]!)) {
        packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
      }
    }
    // bin/load-entry.js loads an entry's sources (the fallback, and what the bundle is built from) by path.
    for (const m of src.matchAll(/loadEntry\(\s*'[^']+',\s*'([^']+)'\s*\)/g)) visit(path.join(ROOT, m[1]!));
  };
  visit(path.join(ROOT, 'bin', 'ecg-review.js'));
  return { files, packages };
}

describe('Dockerfile', () => {
  const docker = read('Dockerfile');
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<
    string,
    Record<string, string>
  >;

  it('starts from node:20-bookworm-slim and has the CLI as its entrypoint', () => {
    const froms = [...docker.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
    expect(froms.length).toBeGreaterThan(0);
    for (const f of froms) expect(f).toBe('node:20-bookworm-slim');
    const entry = /^ENTRYPOINT\s+(\[.*\])\s*$/m.exec(docker);
    expect(JSON.parse(entry![1]!)).toEqual(['node', 'bin/ecg-review.js']);
    expect(docker).toMatch(/^COPY bin\/ecg-review\.js /m);
    expect(docker).toMatch(/^USER node$/m);
  });

  it('installs with --omit=dev, which keeps every package the CLI imports', () => {
    expect(docker).toMatch(/npm ci --omit=dev/);
    const { packages } = collectCliImports();
    expect(packages.has('tsx')).toBe(true);
    const runtime = { ...pkg.dependencies, ...pkg.optionalDependencies };
    for (const p of packages)
      expect(runtime[p], `${p} is imported by the CLI but is a dev dependency or missing`).toBeDefined();
  });

  it('copies every source file the CLI imports', () => {
    const { files } = collectCliImports();
    const copied = [...docker.matchAll(/^COPY (?!--from)(\S+) /gm)].map((m) => m[1]!);
    const rels = [...files].map((f) => path.relative(ROOT, f).split(path.sep).join('/'));
    expect(rels).toContain('electron/engine/infer/run-ensemble.ts');
    expect(rels).toContain('build/build-cli.js');
    for (const r of rels)
      expect(
        copied.some((c) => r === c || r.startsWith(`${c}/`)),
        `${r} is imported by the CLI but not copied`,
      ).toBe(true);
  });

  it('bundles the CLI while building the image, before it drops to the unprivileged user', () => {
    const build = docker.search(/^RUN node build\/build-cli\.js$/m);
    expect(build).toBeGreaterThan(-1);
    expect(build).toBeLessThan(docker.search(/^USER node$/m));
  });
});
