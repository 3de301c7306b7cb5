/**
 * The bundled library: frameworks, role profiles and scales from data/, checked by the same loader
 * that checks an agency's own files. JSON is bundled at build time; no file system access here.
 */
import prcoe from '../../data/frameworks/prcoe-compilation-2023.json';
import wps from '../../data/frameworks/peer-supervisor-wps.json';
import samhsa from '../../data/frameworks/samhsa-core-2015.json';
import rolesJson from '../../data/roles.json';
import scalesJson from '../../data/scales.json';
import { Framework, loadFramework } from './framework';
import { RoleProfile } from './roles';
import { loadScales, Scale } from './scale';

let cache:
  { frameworks: Framework[]; roles: RoleProfile[]; scales: Scale[]; defaultScaleId: string } | undefined;

export function library() {
  if (!cache) {
    const sc = loadScales(scalesJson, 'data/scales.json');
    cache = {
      frameworks: [
        loadFramework(samhsa, 'data/frameworks/samhsa-core-2015.json'),
        loadFramework(prcoe, 'data/frameworks/prcoe-compilation-2023.json'),
        loadFramework(wps, 'data/frameworks/peer-supervisor-wps.json'),
      ],
      roles: (rolesJson as { roles: RoleProfile[] }).roles,
      scales: sc.scales,
      defaultScaleId: sc.defaultId,
    };
  }
  return cache;
}

export function getFramework(id: string, extra: Framework[] = []): Framework {
  const all = [...library().frameworks, ...extra];
  const fw = all.find((f) => f.id === id);
  if (!fw) throw new Error(`Unknown framework "${id}". Known: ${all.map((f) => f.id).join(', ')}`);
  return fw;
}

export function getScale(id?: string): Scale {
  const lib = library();
  const want = id ?? lib.defaultScaleId;
  const s = lib.scales.find((x) => x.id === want);
  if (!s) throw new Error(`Unknown scale "${want}". Known: ${lib.scales.map((x) => x.id).join(', ')}`);
  return s;
}
