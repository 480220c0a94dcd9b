import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.ts';
import {
  buildOnboardingChecklist,
  ONBOARDING_STEP_IDS,
  ONBOARDING_STEPS,
  type OnboardingChecklist,
  OnboardingRefusal,
  stepOrderRefusal,
  updateOnboardingStep,
} from '../../src/domain/onboarding.ts';

function expectDomainError(fn: () => unknown, code: string, field?: string): DomainError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DomainError);
  const err = caught as DomainError;
  expect(err.code).toBe(code);
  if (field !== undefined) expect(err.field).toBe(field);
  expect(err.message.length).toBeGreaterThan(10);
  return err;
}

const fresh = () =>
  buildOnboardingChecklist({
    customerId: 'cust-1',
    companyName: 'شركة نمو',
    bundleId: 'growth_starter',
  });

function completeFirst(n: number): OnboardingChecklist {
  let c = fresh();
  for (const id of ONBOARDING_STEP_IDS.slice(0, n))
    c = updateOnboardingStep(c, { stepId: id, approvedBy: 'U1' });
  return c;
}

describe('ONBOARDING_STEPS', () => {
  it('holds the SPEC §1.4 table exactly, in order', () => {
    expect(ONBOARDING_STEPS.map((s) => [s.id, s.input, s.minutes, s.needsApproval])).toEqual([
      ['select_goal', 'goal', 2, false],
      ['select_bundle', 'bundle_id', 3, true],
      ['company_intake', 'company_profile', 5, false],
      ['connect_channels', 'channels_oauth', 8, true],
      ['upload_or_source', 'list_or_source', 5, true],
      ['risk_review', null, 4, true],
      ['first_service_run', null, 0, true],
      ['first_proof_pack', null, 0, false],
    ]);
  });

  it('notes drafts only, PDPL + reputation and the async steps, with bilingual labels', () => {
    const byId = Object.fromEntries(ONBOARDING_STEPS.map((s) => [s.id, s]));
    expect(byId.connect_channels?.inputNoteEn).toBe('drafts only');
    expect(byId.risk_review?.inputNoteEn).toBe('PDPL + channel reputation');
    expect(ONBOARDING_STEPS.filter((s) => s.async).map((s) => s.id)).toEqual([
      'first_service_run',
      'first_proof_pack',
    ]);
    for (const s of ONBOARDING_STEPS) {
      expect(s.labelAr).toMatch(/\p{Script=Arabic}/u);
      expect(s.labelEn).toMatch(/^[A-Z]/);
    }
    expect(byId.select_goal?.labelAr).toBe('اختيار الهدف');
    expect(byId.select_bundle?.labelAr).toBe('اختيار الباقة');
  });
});

describe('buildOnboardingChecklist', () => {
  it('starts at select_goal with nothing done', () => {
    const c = fresh();
    expect(c).toMatchObject({
      customerId: 'cust-1',
      companyName: 'شركة نمو',
      bundleId: 'growth_starter',
      totalSteps: 8,
      currentStepId: 'select_goal',
      status: 'in_progress',
      progressPct: 0,
      estimatedMinutesRemaining: 27,
      approvalRequired: true,
      liveSendAllowed: false,
    });
    expect(c.steps).toHaveLength(8);
    expect(c.steps.map((s) => s.id)).toEqual([...ONBOARDING_STEP_IDS]);
    for (const s of c.steps) {
      expect(s.completed).toBe(false);
      expect(s.notes).toBe('');
      expect(s.completedAtMs).toBeUndefined();
    }
  });

  it('defaults company and bundle', () => {
    const c = buildOnboardingChecklist({ customerId: ' cust-2 ' });
    expect(c.customerId).toBe('cust-2');
    expect(c.companyName).toBe('');
    expect(c.bundleId).toBeNull();
  });

  it('requires a customer id', () => {
    expectDomainError(
      () => buildOnboardingChecklist({ customerId: '' }),
      'invalid_input',
      'customerId',
    );
    expectDomainError(
      () => buildOnboardingChecklist({ customerId: '  ' }),
      'invalid_input',
      'customerId',
    );
    expectDomainError(
      () => buildOnboardingChecklist({ customerId: 7 as unknown as string }),
      'invalid_input',
      'customerId',
    );
  });
});

describe('updateOnboardingStep', () => {
  it('completing a step moves to the next one', () => {
    const c = updateOnboardingStep(fresh(), { stepId: 'select_goal', atMs: 1000 });
    expect(c.currentStepId).toBe('select_bundle');
    expect(c.steps[0]).toMatchObject({ completed: true, completedAtMs: 1000 });
    expect(c.progressPct).toBe(12.5);
    expect(c.estimatedMinutesRemaining).toBe(25);
  });

  it('does not change the checklist it was given', () => {
    const before = fresh();
    const snapshot = structuredClone(before);
    const after = updateOnboardingStep(before, {
      stepId: 'select_goal',
      notes: 'goal: more meetings',
    });
    expect(before).toEqual(snapshot);
    expect(after).not.toBe(before);
    expect(after.steps[0]).not.toBe(before.steps[0]);
  });

  it('progress = completed / 8 × 100 at every count', () => {
    const expected = [0, 12.5, 25, 37.5, 50, 62.5, 75, 87.5, 100];
    for (let n = 0; n <= 8; n++) {
      const c = completeFirst(n);
      expect(c.progressPct).toBe(expected[n]);
      expect(c.completedCount).toBe(n);
    }
  });

  it('completing all eight makes it done with no current step', () => {
    const seven = completeFirst(7);
    expect(seven.status).toBe('in_progress');
    expect(seven.currentStepId).toBe('first_proof_pack');
    const done = completeFirst(8);
    expect(done.status).toBe('done');
    expect(done.currentStepId).toBeNull();
    expect(done.estimatedMinutesRemaining).toBe(0);
  });

  it('only the current step can be completed: a later one is refused, naming the step to do first', () => {
    let c = completeFirst(6);
    expect(c.currentStepId).toBe('first_service_run');
    let caught: unknown;
    try {
      updateOnboardingStep(c, { stepId: 'first_proof_pack', approvedBy: 'U1' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(OnboardingRefusal);
    const refusal = caught as OnboardingRefusal;
    expect(refusal.code).toBe('step_out_of_order');
    expect(refusal.currentStepId).toBe('first_service_run');
    expect(refusal.messageEn).toBe(
      'Onboarding steps are done in order: "First Proof Pack" can\'t be completed before the current step, 7. "First service run"; complete that first.',
    );
    expect(refusal.messageAr).toContain('«استلام أول Proof Pack»');
    expect(refusal.messageAr).toContain('7. «تشغيل أول خدمة»');
    expect(stepOrderRefusal(c, 'first_proof_pack')?.code).toBe('step_out_of_order');
    // In order it goes through.
    expect(stepOrderRefusal(c, 'first_service_run')).toBeNull();
    c = updateOnboardingStep(c, { stepId: 'first_service_run', approvedBy: 'U1' });
    c = updateOnboardingStep(c, { stepId: 'first_proof_pack' });
    expect(c.status).toBe('done');
    expect(c.progressPct).toBe(100);
  });

  it('refuses any later step on a fresh checklist and leaves it unchanged', () => {
    const c = fresh();
    const snapshot = structuredClone(c);
    for (const id of ONBOARDING_STEP_IDS.slice(1)) {
      expect(() => updateOnboardingStep(c, { stepId: id })).toThrow(OnboardingRefusal);
    }
    expect(c).toEqual(snapshot);
    expect(c.progressPct).toBe(0);
  });

  it('an earlier step re-opened becomes current: it can be done again, later ones must wait', () => {
    const reopened = updateOnboardingStep(completeFirst(4), {
      stepId: 'select_bundle',
      completed: false,
    });
    expect(reopened.currentStepId).toBe('select_bundle');
    expect(() => updateOnboardingStep(reopened, { stepId: 'upload_or_source' })).toThrow(
      OnboardingRefusal,
    );
    // Re-confirming a step already done (its approval) is not a change of order.
    const approved = updateOnboardingStep(reopened, { stepId: 'company_intake', approvedBy: 'U2' });
    expect(approved.currentStepId).toBe('select_bundle');
    const again = updateOnboardingStep(reopened, { stepId: 'select_bundle', approvedBy: 'U2' });
    expect(again.currentStepId).toBe('upload_or_source');
    // Re-opening is not completing: any step may be re-opened.
    expect(
      updateOnboardingStep(reopened, { stepId: 'risk_review', completed: false }).currentStepId,
    ).toBe('select_bundle');
  });

  it('re-opening a step brings it back as current and clears its completion', () => {
    const done = completeFirst(8);
    const reopened = updateOnboardingStep(done, { stepId: 'risk_review', completed: false });
    expect(reopened.status).toBe('in_progress');
    expect(reopened.currentStepId).toBe('risk_review');
    expect(reopened.progressPct).toBe(87.5);
    const step = reopened.steps.find((s) => s.id === 'risk_review');
    expect(step?.completed).toBe(false);
    expect(step?.approvedBy).toBeUndefined();
  });

  it('records notes and the approver, and lists completed steps still awaiting approval', () => {
    const c = updateOnboardingStep(updateOnboardingStep(fresh(), { stepId: 'select_goal' }), {
      stepId: 'select_bundle',
      notes: '  growth starter  ',
    });
    expect(c.steps[1]?.notes).toBe('growth starter');
    expect(c.awaitingApprovalStepIds).toEqual(['select_bundle']);
    const approved = updateOnboardingStep(c, { stepId: 'select_bundle', approvedBy: 'U123' });
    expect(approved.steps[1]?.approvedBy).toBe('U123');
    expect(approved.steps[1]?.notes).toBe('growth starter');
    expect(approved.awaitingApprovalStepIds).toEqual([]);
    const noApprovalNeeded = updateOnboardingStep(fresh(), { stepId: 'select_goal' });
    expect(noApprovalNeeded.awaitingApprovalStepIds).toEqual([]);
  });

  it('accepts notes of 200 characters and rejects 201', () => {
    expect(
      updateOnboardingStep(fresh(), { stepId: 'select_goal', notes: 'n'.repeat(200) }).steps[0]
        ?.notes,
    ).toHaveLength(200);
    expect(
      updateOnboardingStep(fresh(), { stepId: 'select_goal', notes: 'ن'.repeat(200) }).steps[0]
        ?.notes,
    ).toHaveLength(200);
    expect(
      updateOnboardingStep(fresh(), { stepId: 'select_goal', notes: 'n'.repeat(199) }).steps[0]
        ?.notes,
    ).toHaveLength(199);
    expectDomainError(
      () => updateOnboardingStep(fresh(), { stepId: 'select_goal', notes: 'ن'.repeat(201) }),
      'text_too_long',
      'notes',
    );
    expectDomainError(
      () => updateOnboardingStep(fresh(), { stepId: 'select_goal', notes: 'n'.repeat(201) }),
      'text_too_long',
      'notes',
    );
  });

  it('rejects an unknown step', () => {
    const err = expectDomainError(
      () => updateOnboardingStep(fresh(), { stepId: 'launch_rocket' }),
      'unknown_onboarding_step',
      'stepId',
    );
    expect(err.message).toContain('launch_rocket');
  });

  it('rejects bad update values and a broken checklist', () => {
    expectDomainError(
      () =>
        updateOnboardingStep(fresh(), {
          stepId: 'select_goal',
          completed: 'yes' as unknown as boolean,
        }),
      'invalid_input',
      'completed',
    );
    expectDomainError(
      () => updateOnboardingStep(fresh(), { stepId: 'select_goal', atMs: Number.NaN }),
      'invalid_input',
      'atMs',
    );
    expectDomainError(
      () => updateOnboardingStep(fresh(), { stepId: 'select_goal', approvedBy: ' ' }),
      'invalid_input',
      'approvedBy',
    );
    expectDomainError(
      () =>
        updateOnboardingStep(
          { ...fresh(), steps: fresh().steps.slice(1) },
          { stepId: 'select_goal' },
        ),
      'invalid_input',
      'checklist.steps',
    );
    expectDomainError(
      () => updateOnboardingStep(null as unknown as OnboardingChecklist, { stepId: 'select_goal' }),
      'invalid_input',
      'checklist',
    );
  });

  it('works on a checklist that went through JSON storage', () => {
    const stored = JSON.parse(JSON.stringify(completeFirst(3))) as OnboardingChecklist;
    const next = updateOnboardingStep(stored, { stepId: 'connect_channels', approvedBy: 'U9' });
    expect(next.progressPct).toBe(50);
    expect(next.currentStepId).toBe('upload_or_source');
  });
});
