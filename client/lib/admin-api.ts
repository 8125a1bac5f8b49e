import {
  ImportResponse,
  InviteCreated,
  InvitesResponse,
  SuspiciousResponse,
  UsersResponse,
  VoidResult,
  VoidsResponse,
  type InviteRequest,
  type VoidScope,
} from '../../shared/admin.ts';
import type { Role } from '../../shared/auth.ts';
import { sendJson } from './send-json.ts';

/** The admin API (/api/admin), typed by the shared schemas. Loaded with the admin page only. */

export const fetchSuspicious = (signal?: AbortSignal) =>
  sendJson('GET', '/api/admin/suspicious', undefined, SuspiciousResponse, signal ? { signal } : {});

export const fetchVoids = (signal?: AbortSignal) => sendJson('GET', '/api/admin/voids', undefined, VoidsResponse, signal ? { signal } : {});

export const voidVotes = (scope: VoidScope, reason: string, dryRun: boolean) =>
  sendJson('POST', '/api/admin/voids', { scope, reason, dryRun }, VoidResult);

export const reverseVoid = (id: number, reason: string) => sendJson('POST', `/api/admin/voids/${id}/reverse`, { reason });

export const fetchUsers = (signal?: AbortSignal) => sendJson('GET', '/api/admin/users', undefined, UsersResponse, signal ? { signal } : {});

export const setRole = (userId: string, role: Role) => sendJson('POST', `/api/admin/users/${encodeURIComponent(userId)}/role`, { role });

export const fetchInvites = (signal?: AbortSignal) =>
  sendJson('GET', '/api/admin/invites', undefined, InvitesResponse, signal ? { signal } : {});

export const createInvite = (req: Partial<InviteRequest>) => sendJson('POST', '/api/admin/invites', req, InviteCreated);

export const revokeInvite = (id: string) => sendJson('POST', `/api/admin/invites/${encodeURIComponent(id)}/revoke`);

/** Streams the file to the server as it is read (JSON Lines, one battle a line). */
export const importBattles = (file: File) =>
  sendJson('POST', '/api/admin/import', undefined, ImportResponse, { contentType: 'application/x-ndjson', raw: file });
