"use client";
import { useFormContext, type FieldPath, type RegisterOptions } from "react-hook-form";
import type { RegistrationFormValues } from "./form-values";

type Name = FieldPath<RegistrationFormValues>;

/**
 * `register` for the registration form. The form validates on blur (mode "onBlur": unlike
 * "onTouched", adding a deal or ticket does not flag the new, still empty fields); a field that
 * shows an error is checked again on every change, so the message goes as soon as it is fixed.
 */
export function useField() {
  const { register, trigger, getFieldState, formState } = useFormContext<RegistrationFormValues>();
  return (name: Name, options: Pick<RegisterOptions<RegistrationFormValues, Name>, "onChange"> = {}) =>
    register(name, {
      onChange: (e) => {
        options.onChange?.(e);
        if (getFieldState(name, formState).error) void trigger(name);
      },
    });
}
