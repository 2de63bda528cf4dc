import { expect } from 'vitest';
import { api, bootStrapi } from './strapi';

/** An admin-panel account with these roles, logged in: its session token. */
export async function adminToken(email: string, roleIds: number[]): Promise<string> {
  const strapi = await bootStrapi();
  const password = 'Admin-Passw0rd-de-test';
  await (strapi.service('admin::user') as any).create({ email, firstname: 'Test', lastname: 'Admin', password, isActive: true, roles: roleIds, registrationToken: null });
  const res = await (await api()).post('/admin/login').send({ email, password });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data.token as string;
}

/** The admin role of a federation's staff, and the super admin role. */
export async function federationStaffRole(departmentCode: string): Promise<number> {
  const strapi = await bootStrapi();
  return (await strapi.db.query('admin::role').findOne({ where: { code: `intranet-federation-${departmentCode}` } })).id;
}

export async function superAdminRole(): Promise<number> {
  return (await ((await bootStrapi()).service('admin::role') as any).getSuperAdmin()).id;
}
