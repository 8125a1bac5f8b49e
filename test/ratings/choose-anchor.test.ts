import { describe, expect, it } from 'vitest';
import { chooseAnchor } from '../../server/ratings/choose-anchor.ts';

const models = ['a', 'b', 'c', 'd', 'e'];
const votes = [100, 80, 60, 10, 200];

describe('chooseAnchor', () => {
  it('averages the established models of the component holding most of them', () => {
    const choice = chooseAnchor({
      models,
      votes,
      established: Uint8Array.of(1, 1, 0, 0, 1),
      components: Int32Array.of(0, 0, 0, 0, 1),
      requested: { value: 1000 },
    })!;
    expect(choice).toEqual({ members: [0, 1], value: 1000, pinned: null, component: 0, established: true });
  });

  it('pins the configured model only when it is established', () => {
    const inputs = { models, votes, established: Uint8Array.of(1, 1, 0, 0, 1), components: Int32Array.of(0, 0, 0, 0, 1) };
    expect(chooseAnchor({ ...inputs, requested: { model: 'e', value: 1200 } })).toMatchObject({ members: [4], pinned: 'e', component: 1 });
    expect(chooseAnchor({ ...inputs, requested: { model: 'c', value: 1200 } })).toMatchObject({
      members: [0, 1],
      pinned: null,
      value: 1200,
    });
    expect(chooseAnchor({ ...inputs, requested: { model: 'zz', value: 1200 } })).toMatchObject({ members: [0, 1], pinned: null });
  });

  it('breaks a tie in established members by votes', () => {
    const choice = chooseAnchor({
      models,
      votes,
      established: Uint8Array.of(1, 0, 0, 0, 1),
      components: Int32Array.of(0, 0, 0, 0, 1),
      requested: { value: 1000 },
    })!;
    expect(choice.members).toEqual([4]); // e: 200 votes against a's 100
  });

  it('falls back to the largest component when nothing is established, and is null without models', () => {
    const choice = chooseAnchor({
      models,
      votes,
      established: new Uint8Array(5),
      components: Int32Array.of(2, 1, 1, 0, 1),
      requested: { value: 1000 },
    })!;
    expect(choice).toMatchObject({ members: [1, 2, 4], established: false, component: 1 });
    expect(
      chooseAnchor({ models: [], votes: [], established: new Uint8Array(0), components: new Int32Array(0), requested: { value: 1000 } }),
    ).toBeNull();
  });
});
