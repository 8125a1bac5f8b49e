import type { ControlRow } from '../../db/battle-store.ts';
import type { CategoryKey, ControlKind, LeaderboardControl } from '../../shared/category-api.ts';
import { ControlledBattlesBuilder } from '../ratings/controlled-battles.ts';
import { controlledRatings } from '../ratings/controlled-ratings.ts';
import { speedCovariates, SPEED_COVARIATES } from '../ratings/speed-covariates.ts';
import { styleCovariates, STYLE_COVARIATES } from '../ratings/style-covariates.ts';
import { countsFor, type RatingsMode } from './leaderboard-service.ts';
import type { RatingsSettings } from './ratings-computer.ts';

/** Which controlled board: the mode's votes, all of them or one category's, controlled for style or speed. */
export interface ControlledFitRequest {
  mode: RatingsMode;
  category: CategoryKey | null;
  kind: ControlKind;
}

/**
 * One style- or speed-controlled fit, fed the database's rows a page at a
 * time (BattleStore.controlRowsAfter, already restricted to the category):
 * each page is filtered by the mode's rule (countsFor) and turned into
 * covariate columns at once, so the job holds the columns, never the rows.
 * Battles without the figures (speed not measured, style not computed yet)
 * are left out and counted in `dropped`. The same code runs in the worker
 * (controlled-worker.ts) and inline (controlled-fitter.ts).
 */
export class ControlledFitJob {
  private readonly builder: ControlledBattlesBuilder;

  constructor(
    private readonly request: ControlledFitRequest,
    private readonly settings: RatingsSettings,
  ) {
    this.builder = new ControlledBattlesBuilder(request.kind === 'style' ? STYLE_COVARIATES : SPEED_COVARIATES);
  }

  add(rows: readonly ControlRow[]): void {
    const { mode, kind } = this.request;
    for (const r of rows) {
      if (!countsFor(mode, r)) continue;
      const covariates =
        kind === 'style' ? (r.style ? styleCovariates(r.style.a, r.style.b) : null) : speedCovariates(r.speed.a, r.speed.b);
      this.builder.add({ modelA: r.modelA, modelB: r.modelB, choice: r.choice, covariates });
    }
  }

  finish(): LeaderboardControl {
    const { data, dropped } = this.builder.build();
    const { rounds, seed, provisionalVotes, anchor } = this.settings;
    const fit = controlledRatings(data, {
      rounds,
      seed,
      ...(provisionalVotes !== undefined ? { provisionalVotes } : {}),
      ...(anchor !== undefined ? { anchor } : {}),
    });
    return {
      kind: this.request.kind,
      coefficients: fit.coefficients,
      models: fit.models,
      battles: fit.battles,
      dropped,
      rounds,
      converged: fit.converged,
    };
  }
}
