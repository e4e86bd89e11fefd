/** Stored enum values are kebab-case ('training-guide'); GraphQL enums are SCREAMING_SNAKE ('TRAINING_GUIDE'). */
export function present<T extends string>(stored: string): T {
  return stored.toUpperCase().replace(/-/g, '_') as T;
}

/** The stored form of a GraphQL enum value: 'UN_AGENCY' is stored 'un-agency'. */
export function stored(value: string): string {
  return value.toLowerCase().replace(/_/g, '-');
}
