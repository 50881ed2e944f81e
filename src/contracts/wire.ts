/**
 * A response type as the client receives it: JSON turns every Date into its ISO string. The web app reads the
 * server's `z.infer` types through this (`Wire<z.infer<typeof TicketSchema>>`), type-only.
 */
export type Wire<T> = T extends Date
  ? string
  : T extends readonly (infer Item)[]
    ? Wire<Item>[]
    : T extends object
      ? { [Key in keyof T]: Wire<T[Key]> }
      : T;
