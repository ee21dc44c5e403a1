// What a TypeScript integrator writes against the types openapi-typescript generates from
// openapi/openapi.json (into generated/api.d.ts): python -m tests.spec.check compiles it
// with `tsc --strict --noEmit`. Each annotation is exact on purpose: a property the server
// always sends must not come out optional (`amount?: string` fails `const amount: string`),
// and a nullable one must say null.
import type { components, paths } from "./generated/api";

type Schemas = components["schemas"];
type DealPage = Schemas["DealPage"];
type DealRead = Schemas["DealRead"];
type ClientKpis = Schemas["ClientKpis"];
type Problem = Schemas["Problem"];

// The operations answer the named schemas.
type Ok<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  responses: { 200: { content: { "application/json": infer Body } } };
}
  ? Body
  : never;
type Failed<P extends keyof paths, M extends keyof paths[P], S extends number> =
  paths[P][M] extends {
    responses: { [K in S]: { content: { "application/problem+json": infer Body } } };
  }
    ? Body
    : never;

const dealsAnswer = (page: Ok<"/api/v1/deals", "get">): DealPage => page;
const kpisAnswer = (kpis: Ok<"/api/v1/clients/{client_id}/kpis", "get">): ClientKpis => kpis;
const notFound = (problem: Failed<"/api/v1/deals/{deal_id}", "get", 404>): Problem => problem;

// A page of deals, with `expand=rep`.
export function dealLines(page: DealPage): string[] {
  const next: string | null = page.next_cursor;
  const lines = page.items.map((deal: DealRead) => {
    const amount: string = deal.amount; // a decimal string
    const stage: Schemas["Stage"] = deal.stage;
    const rep: Schemas["Ref"] | null = deal.rep; // null unless expanded
    const repName: string = rep?.name ?? "(not expanded)";
    const closes: string | null = deal.expected_close_on;
    return `${deal.name}: ${amount} at ${stage}, ${repName}, closes ${closes ?? "?"}`;
  });
  return next === null ? lines : [...lines, `more after ${next}`];
}

// A client's figures.
export function kpiFigures(kpis: ClientKpis): Record<string, string | number | null> {
  const won: string = kpis.revenue_won;
  const target: string = kpis.target;
  const attainment: number | null = kpis.attainment;
  const coverage: number | null = kpis.pipeline_coverage;
  const winRate: number | null = kpis.win_rate.insufficient_data ? null : kpis.win_rate.value;
  const averageWon: string | null = kpis.average_won_deal.value;
  const weakest = [...kpis.reps].sort(
    (a, b) => (a.attainment ?? 0) - (b.attainment ?? 0),
  )[0];
  return {
    period: `${kpis.period_start}..${kpis.period_end}`,
    won, target, attainment, coverage, winRate, averageWon,
    weakest: weakest === undefined ? null : weakest.full_name,
  };
}

// An error answer (application/problem+json).
export function problemText(problem: Problem): string {
  const status: number = problem.status;
  const fields: string[] = (problem.errors ?? []).map(
    (error) => `${error.field}: ${error.message}${error.row === undefined ? "" : ` (item ${error.row})`}`,
  );
  const support: string = problem.request_id ?? "no request id";
  return [`${status} ${problem.title}: ${problem.detail} [${support}]`, ...fields].join("\n");
}

export const answers = { dealsAnswer, kpisAnswer, notFound };
