/** Stored enum values are kebab-case ('training-guide'); GraphQL enums are SCREAMING_SNAKE ('TRAINING_GUIDE'). */
export function present<T extends string>(stored: string): T {
  return stored.toUpperCase().replace(/-/g, '_') as T;
}
