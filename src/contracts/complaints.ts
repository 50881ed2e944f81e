/**
 * The closed vocabularies of complaints, shared by the server (its Zod enums are built from these arrays) and the
 * web app. Pure constants: no imports.
 */
export const COMPLAINT_STATUSES = ['received', 'recorded', 'confirmed', 'responded', 'proposed', 'executing', 'follow_up', 'closed'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export const SEVERITIES = ['critical', 'major', 'minor'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const ROOT_CAUSES = ['service_quality', 'product_defect', 'communication', 'after_sales', 'logistics', 'billing', 'slow_response', 'other'] as const;
export type RootCause = (typeof ROOT_CAUSES)[number];

export const COMPENSATION_TYPES = ['refund', 'replacement', 'coupon', 'service_upgrade', 'apology'] as const;
export type CompensationType = (typeof COMPENSATION_TYPES)[number];

/** The target second-complaint rate, in percent. */
export const SECOND_COMPLAINT_TARGET_PERCENT = 5;
