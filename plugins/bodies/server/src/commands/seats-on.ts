/**
 * The seats of a body active on a Paris date (`startOn <= day < endOn`), with their holder:
 * one raw read of the plugin's own tables (seat rows and their link tables), inside the
 * caller's transaction `trx` (a knex transaction or connection).
 */
export async function activeSeatsOn(trx: any, bodyId: number, day: string): Promise<{ seatId: number; memberId: number; role: string }[]> {
  const rows = await trx
    .select({ seatId: 's.id', memberId: 'm.member_id', role: 's.role' })
    .from('bodies_seats as s')
    .join('bodies_seats_body_lnk as b', 'b.seat_id', 's.id')
    .join('bodies_seats_member_lnk as m', 'm.seat_id', 's.id')
    .where('b.body_id', bodyId)
    .andWhere('s.start_on', '<=', day)
    .andWhere((q: any) => q.whereNull('s.end_on').orWhere('s.end_on', '>', day))
    .orderBy('s.id');
  return rows.map((r: any) => ({ seatId: Number(r.seatId), memberId: Number(r.memberId), role: String(r.role) }));
}
